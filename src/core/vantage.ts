/**
 * Several vantage points (issue 20): the rules that decide whether a `down` or `tampered` verdict
 * seen from one vantage pages someone, and when vantages that disagree about a page's content are a
 * cloaking reason. Pure: the probe protocol (leases, reports) gathers the reports; this decides.
 */
import type { Reason, VerdictKind } from './verdict.ts';

/** `any`: one other vantage agreeing confirms; `majority`: more than half of all vantages agree. */
export const CONFIRM_MODES = ['any', 'majority'] as const;
export type ConfirmMode = (typeof CONFIRM_MODES)[number];

/** One vantage's latest verdict on one page. */
export interface VantageReport {
  vantage: string;
  verdict: VerdictKind;
  /** SHA-256 of the body it received; null when nothing was received. */
  bodySha256: string | null;
}

/** Verdicts that page someone, and so need a second vantage first. */
const ALARMS: ReadonlySet<VerdictKind> = new Set(['down', 'tampered']);

export type Confirmation =
  /** Not an alarm: nothing to confirm. */
  | { decision: 'not-alarm' }
  /** Enough vantages agree: page. */
  | { decision: 'confirmed'; agreeing: string[] }
  /** Not enough have reported yet: ask the others (lease a confirmation job) and wait. */
  | { decision: 'awaiting'; agreeing: string[]; missing: string[] }
  /** Every vantage reported and too few agree: a local fault of the first vantage; do not page. */
  | { decision: 'refuted'; agreeing: string[]; disagreeing: string[] };

/**
 * Whether `first`'s alarm stands. `others` are the latest reports of the other vantages for the same
 * page (after `first`'s check); `vantages` names every vantage expected to report, `first`'s included.
 * With one vantage configured there is no one to ask, and the alarm stands as before.
 */
export function confirmAlarm(
  first: VantageReport,
  others: readonly VantageReport[],
  vantages: readonly string[],
  mode: ConfirmMode,
): Confirmation {
  if (!ALARMS.has(first.verdict)) return { decision: 'not-alarm' };
  const everyone = new Set([...vantages, first.vantage]);
  const latest = new Map<string, VantageReport>();
  for (const r of others) if (r.vantage !== first.vantage && everyone.has(r.vantage)) latest.set(r.vantage, r);
  const agreeing = [
    first.vantage,
    ...[...latest.values()].filter((r) => r.verdict === first.verdict).map((r) => r.vantage),
  ];
  const disagreeing = [...latest.values()].filter((r) => r.verdict !== first.verdict).map((r) => r.vantage);
  const missing = [...everyone].filter((v) => v !== first.vantage && !latest.has(v));
  if (everyone.size === 1) return { decision: 'confirmed', agreeing };
  const needed = mode === 'any' ? 2 : Math.floor(everyone.size / 2) + 1;
  if (agreeing.length >= needed) return { decision: 'confirmed', agreeing };
  // Can the vantages still to report reach the threshold? Then wait for them.
  if (agreeing.length + missing.length >= needed) return { decision: 'awaiting', agreeing, missing };
  return { decision: 'refuted', agreeing, disagreeing };
}

/**
 * Vantages that received the page but judged its content differently (one sees it tampered, another
 * unchanged) are a cloaking reason: the page shows some networks something else. Vantages that
 * received nothing are availability, not content, and are left out. Equal verdicts are agreement
 * even with different bodies: dynamic pages differ between any two fetches.
 */
export function vantageCloaking(reports: readonly VantageReport[]): Reason | null {
  const answered = reports.filter((r) => r.verdict !== 'down' && r.bodySha256 !== null);
  const byVerdict = new Map<VerdictKind, string[]>();
  for (const r of answered) byVerdict.set(r.verdict, [...(byVerdict.get(r.verdict) ?? []), r.vantage]);
  const alarmed = byVerdict.get('tampered') ?? byVerdict.get('suspicious');
  const calm = [...(byVerdict.get('unchanged') ?? []), ...(byVerdict.get('changed') ?? [])];
  if (alarmed === undefined || calm.length === 0) return null;
  const seenBy = [...byVerdict.entries()].map(([verdict, names]) => `${verdict}: ${names.sort().join(', ')}`);
  return {
    code: 'vantage-cloaking',
    message: `Vantage points disagree on the page's content (${seenBy.join('; ')}): it shows some networks something else.`,
    severity: byVerdict.has('tampered') ? 'high' : 'medium',
  };
}
