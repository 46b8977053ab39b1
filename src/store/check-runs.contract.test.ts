/**
 * Run-length records of identical checks (migration 0023), on SQLite and PostgreSQL: a check that finds
 * its page as the last check did extends that row; anything that differs starts a new one; history,
 * retention and paging count every check a row stands for.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { onBothDatabases, testEnv, type Backend, type OpenTestDatabase, type TestDatabase } from './both-databases.ts';
import { BASELINE, T0, newCheck, seedPage, sha } from './estate-fixtures.ts';
import { HOUR_MS, bucketStart } from './rollup-fold.ts';
import { PageHistory } from './rollup.ts';
import type { EstateStore, NewCheck, PageUpdate } from './types.ts';

const MINUTE = 60_000;
/** The start of T0's hour: every check below before `HOUR_END` lies in one UTC hour. */
const HOUR = bucketStart(T0, 'hour');
const HOUR_END = HOUR + HOUR_MS;

const unchanged = (pageId: number, overrides: Partial<NewCheck> = {}) =>
  newCheck(pageId, { bodySha256: sha(1), bodyKept: true, ...overrides });
const same: PageUpdate = { status: 'unchanged', lastBodySha256: sha(1) };

function runChecksContract(backend: Backend, open: OpenTestDatabase): void {
  describe(`check runs: ${backend}`, () => {
    let fx: TestDatabase;
    let store: EstateStore;
    beforeEach(async () => {
      fx = await open();
      store = fx.store;
      await store.migrate();
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    it('counts identical unchanged checks in the last row, with their last time and durations', async () => {
      const p = await seedPage(store);
      const first = await store.recordCheck(unchanged(p.id, { startedAt: HOUR + 1, durationMs: 100 }), same);
      const second = await store.recordCheck(unchanged(p.id, { startedAt: HOUR + 2 * MINUTE, durationMs: 300 }), same);
      const third = await store.recordCheck(unchanged(p.id, { startedAt: HOUR + 4 * MINUTE, durationMs: 200 }), same);
      expect(first).toMatchObject({ seenCount: 1, lastSeenAt: null });
      // Each caller is told about its own check, counted in the first row.
      expect(second).toMatchObject({ id: first.id, seenCount: 2, lastSeenAt: HOUR + 2 * MINUTE, durationMs: 300 });
      expect(third).toMatchObject({ id: first.id, seenCount: 3, lastSeenAt: HOUR + 4 * MINUTE });
      // The row keeps its first check's start and duration.
      const rows = await store.listChecks(p.id, { limit: 10 });
      expect(rows).toEqual([{ ...first, seenCount: 3, lastSeenAt: HOUR + 4 * MINUTE }]);
      expect(await store.getPage(p.id)).toMatchObject({ lastCheckId: first.id, lastCheckedAt: HOUR + 4 * MINUTE });

      const [hour] = await new PageHistory(fx.handle.db).buckets(p.id, 'hour', HOUR, HOUR_END);
      expect(hour).toMatchObject({ checks: 3, responses: 3, responseMsSum: 600, responseMsMax: 300 });
      expect(hour?.verdicts.unchanged).toBe(3);
    });

    it('starts a new row when anything the row says differs', async () => {
      const p = await seedPage(store);
      let at = HOUR + 1;
      const record = (overrides: Partial<NewCheck> = {}, update: PageUpdate = same) =>
        store.recordCheck(unchanged(p.id, { startedAt: (at += MINUTE), ...overrides }), update);
      const ids = new Set<number>();
      ids.add((await record()).id);
      for (const overrides of [
        { bodySha256: sha(2) },
        { httpStatus: 203 },
        { outcome: 'soft-404' as const },
        { remoteAddress: '203.0.113.8' },
        { remoteAddress: null },
        { charset: 'shift_jis' },
        { redirects: [{ url: 'https://www.mof.go.jp/', status: 301, location: '/top' }] },
        { reasons: [{ code: 'note', severity: 'low' as const, message: 'a note' }] },
      ]) {
        const check = await record(overrides, { status: 'unchanged', lastBodySha256: overrides.bodySha256 ?? sha(1) });
        expect(ids.has(check.id), JSON.stringify(overrides)).toBe(false);
        ids.add(check.id);
        // Back to the plain check: again a new row, as the last row differs from it.
        const back = await record();
        expect(ids.has(back.id), JSON.stringify(overrides)).toBe(false);
        ids.add(back.id);
      }
      expect((await store.listChecks(p.id, { limit: 50 })).every((c) => c.seenCount === 1)).toBe(true);
    });

    it('never extends a changed check, a learning check, a row of another hour or an analyst-moved page', async () => {
      const p = await seedPage(store);
      const base = await store.recordCheck(unchanged(p.id, { startedAt: HOUR + 1 }), same);
      const changed = await store.recordCheck(unchanged(p.id, { startedAt: HOUR + 2, verdict: 'changed' }), {
        status: 'changed',
        lastBodySha256: sha(1),
      });
      expect(changed.id).not.toBe(base.id);
      const again = await store.recordCheck(unchanged(p.id, { startedAt: HOUR + 3 }), same);
      const learning = await store.recordCheck(unchanged(p.id, { startedAt: HOUR + 4 }), {
        ...same,
        baseline: BASELINE,
      });
      expect(learning.id).not.toBe(again.id);
      const nextHour = await store.recordCheck(unchanged(p.id, { startedAt: HOUR_END }), same);
      expect(nextHour.id).not.toBe(learning.id);
      await fx.exec(`update pages set status = 'changed' where id = ${p.id}`);
      const afterAnalyst = await store.recordCheck(unchanged(p.id, { startedAt: HOUR_END + 1 }), same);
      expect(afterAnalyst.id).not.toBe(nextHour.id);
      // And an unchanged check with no body (a failure path) never joins a run.
      const noBody = unchanged(p.id, { startedAt: HOUR_END + 2, bodySha256: null, bodyKept: false });
      expect((await store.recordCheck(noBody, same)).id).not.toBe(afterAnalyst.id);
      expect((await store.recordCheck(noBody, same)).seenCount).toBe(1);
    });

    it('extends within one group commit, page by page', async () => {
      const a = await seedPage(store, 'https://www.mof.go.jp/a');
      const b = (await store.addPage({ siteId: a.siteId, url: 'https://www.mof.go.jp/b', source: 'declared' }, T0))
        .page;
      const stored = await store.recordChecks([
        { check: unchanged(a.id, { startedAt: HOUR + 1 }), update: same },
        { check: unchanged(b.id, { startedAt: HOUR + 1 }), update: same },
        { check: unchanged(a.id, { startedAt: HOUR + 2 }), update: same },
        { check: unchanged(b.id, { startedAt: HOUR + 2 }), update: same },
        { check: unchanged(a.id, { startedAt: HOUR + 3 }), update: same },
      ]);
      expect(stored.map((c) => c.seenCount)).toEqual([1, 1, 2, 2, 3]);
      expect(stored[2]!.id).toBe(stored[0]!.id);
      expect(stored[3]!.id).toBe(stored[1]!.id);
      expect(await store.getCheck(stored[0]!.id)).toMatchObject({ seenCount: 3, lastSeenAt: HOUR + 3 });
      expect(await store.getCheck(stored[1]!.id)).toMatchObject({ seenCount: 2, lastSeenAt: HOUR + 2 });
    });

    it('folds every check of a pruned run into history', async () => {
      const p = await seedPage(store);
      for (let i = 0; i < 4; i++)
        await store.recordCheck(unchanged(p.id, { startedAt: HOUR + i * MINUTE, durationMs: 100 + i }), same);
      await store.recordCheck(unchanged(p.id, { startedAt: HOUR + 10 * MINUTE, bodySha256: sha(2) }), {
        status: 'unchanged',
        lastBodySha256: sha(2),
      });
      const history = new PageHistory(fx.handle.db);
      const before = await history.buckets(p.id, 'hour', HOUR, HOUR_END);
      expect(before[0]).toMatchObject({ checks: 5, responseMsSum: 100 + 101 + 102 + 103 + 120, responseMsMax: 120 });
      expect(await store.pruneChecks(p.id, { checksPerPage: 1, bodiesPerPage: 1 })).toMatchObject({
        deletedChecks: 1,
      });
      expect(await history.buckets(p.id, 'hour', HOUR, HOUR_END)).toEqual(before);
      expect(await history.buckets(p.id, 'day', HOUR, HOUR_END)).toMatchObject([{ checks: 5 }]);
    });
  });
}

await onBothDatabases('check runs', testEnv(process.env), runChecksContract);
