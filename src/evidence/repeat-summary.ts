/**
 * Repeats counted, not listed: a defacement that stays up for days is one capture and a count of the
 * checks that saw it again. Pure over ledger entries.
 */
import type { LedgerEntry } from './types.ts';

export interface RepeatSummary {
  /** Checks that saw the capture's bytes again. */
  count: number;
  firstSeq: number;
  lastSeq: number;
  /** When the last of them was made (epoch ms). */
  lastObservedAt: number | null;
  /** How many repeats carried each verdict. */
  verdicts: Record<string, number>;
}

function verdictOf(entry: LedgerEntry): string {
  try {
    return (JSON.parse(entry.details) as { verdict?: string }).verdict ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Repeat entries grouped by the capture they point at. */
export function summariseRepeats(entries: readonly LedgerEntry[]): Map<number, RepeatSummary> {
  const byCapture = new Map<number, RepeatSummary>();
  for (const e of entries) {
    if (e.kind !== 'repeat' || e.refersToSeq === null) continue;
    const verdict = verdictOf(e);
    const s = byCapture.get(e.refersToSeq);
    if (!s) {
      byCapture.set(e.refersToSeq, {
        count: 1,
        firstSeq: e.seq,
        lastSeq: e.seq,
        lastObservedAt: e.observedAt,
        verdicts: { [verdict]: 1 },
      });
      continue;
    }
    s.count++;
    s.firstSeq = Math.min(s.firstSeq, e.seq);
    if (e.seq > s.lastSeq) {
      s.lastSeq = e.seq;
      s.lastObservedAt = e.observedAt;
    }
    s.verdicts[verdict] = (s.verdicts[verdict] ?? 0) + 1;
  }
  return byCapture;
}
