/** Expiry warnings shared by certificates and domain registrations: 30, 14 and 7 days by default. Pure. */
import { expiryWithinCode, type ExpirySubject } from './codes.ts';
import { finding, type WatchFinding } from './findings.ts';

export const DAY_MS = 86_400_000;

/**
 * The finding for something that ends at `endsAt`: expired (`down`), or within the tightest of the
 * thresholds it has crossed (`degraded`, more severe as the days run out). Null when far enough.
 */
export function expiryFinding(
  subject: ExpirySubject,
  what: string,
  endsAt: number,
  now: number,
  thresholdsDays: readonly number[],
): WatchFinding | null {
  const left = (endsAt - now) / DAY_MS;
  if (left <= 0) {
    const ago = Math.floor(-left);
    return finding(
      `${subject}-expired`,
      'high',
      'down',
      `${what} expired${ago >= 1 ? ` ${ago} day${ago === 1 ? '' : 's'} ago` : ''}.`,
    );
  }
  const sorted = [...thresholdsDays].sort((a, b) => a - b);
  const crossed = sorted.find((t) => left <= t);
  if (crossed === undefined) return null;
  const rank = sorted.indexOf(crossed);
  const severity = rank === 0 ? 'high' : rank === 1 ? 'medium' : 'low';
  const days = Math.ceil(left);
  return finding(
    expiryWithinCode(subject, crossed),
    severity,
    'degraded',
    `${what} expires in ${days} day${days === 1 ? '' : 's'} (within ${crossed}).`,
  );
}
