import { describe, expect, it } from 'vitest';
import type { EvidenceStore } from '../evidence/evidence-store.ts';
import type { LedgerEntry } from '../evidence/types.ts';
import type { Check, EstateStore } from '../store/types.ts';
import { newCheck } from '../store/estate-fixtures.ts';
import { pageCaptures } from './page-captures-list.ts';

const T0 = Date.UTC(2026, 11, 7, 9, 0, 0);

function checkRow(id: number, startedAt: number, seenCount = 1, lastSeenAt: number | null = null): Check {
  const check = newCheck(7, { startedAt, durationMs: 5, bodySha256: 'a'.repeat(64), bodyKept: true });
  return { ...check, id, remoteAddress: null, seenCount, lastSeenAt };
}

describe('pageCaptures over run-length check records', () => {
  it('looks for ledger entries up to the newest record’s last sight, and says how many checks it stands for', async () => {
    // The newest record stands for three checks, the last 40 minutes after its first.
    const checks = [checkRow(2, T0 + 10 * 60_000, 3, T0 + 50 * 60_000), checkRow(1, T0)];
    const store = { listChecks: () => Promise.resolve(checks) } as unknown as EstateStore;
    const asked: { from: number; to: number }[] = [];
    // A repeat entry made by the run's last check names the run's record.
    const sampled = { seq: 9, kind: 'repeat', checkId: 2, refersToSeq: 4, entryHash: 'e', prevHash: 'p' };
    const ledger = {
      liveCaptures: (query: { from: number; to: number }) => {
        asked.push(query);
        return Promise.resolve([sampled as unknown as LedgerEntry]);
      },
    } as unknown as EvidenceStore;
    const { items } = await pageCaptures(store, ledger, 7, { limit: 10 });
    expect(asked).toEqual([expect.objectContaining({ from: T0, to: T0 + 50 * 60_000 })]);
    expect(items[0]).toMatchObject({ checkId: 2, seenCount: 3, lastSeenAt: T0 + 50 * 60_000, sameAsPrevious: true });
    expect(items[0]?.ledger).toMatchObject({ seq: 9, kind: 'repeat' });
    expect(items[1]).toMatchObject({ checkId: 1, seenCount: 1, lastSeenAt: null });
  });
});
