/**
 * The EstateStore contract for checks: recording (alone and group-committed), JSON columns, paging
 * and pruning, on SQLite (a temp file) and a real PostgreSQL (a fresh schema per test).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { onBothDatabases, testEnv, type Backend, type OpenTestDatabase, type TestDatabase } from './both-databases.ts';
import { StoreConstraintError } from './errors.ts';
import { BASELINE, T0, newCheck, seedPage, sha } from './estate-fixtures.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { runMigrations } from './migrator.ts';
import type { EstateStore } from './types.ts';

function runChecksContract(backend: Backend, open: OpenTestDatabase): void {
  describe(`EstateStore checks contract: ${backend}`, () => {
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

    const page = (url?: string) => seedPage(store, url);

    it('records a check and updates its page in one transaction', async () => {
      const p = await page();
      const check = await store.recordCheck(
        newCheck(p.id, { startedAt: T0 + 10, bodySha256: sha(1), bodyKept: true }),
        {
          status: 'changed',
          lastBodySha256: sha(1),
          baseline: BASELINE,
        },
      );
      expect(await store.getCheck(check.id)).toEqual(check);
      expect(await store.getPage(p.id)).toMatchObject({
        status: 'changed',
        lastCheckId: check.id,
        lastCheckedAt: T0 + 10,
        lastBodySha256: sha(1),
        baseline: BASELINE,
      });

      const next = await store.recordCheck(
        newCheck(p.id, { startedAt: T0 + 20, outcome: 'timeout', httpStatus: null }),
        { status: 'down', lastBodySha256: null },
      );
      expect(await store.getPage(p.id)).toMatchObject({
        status: 'down',
        lastCheckId: next.id,
        lastCheckedAt: T0 + 20,
        lastBodySha256: null,
        baseline: BASELINE,
      });
      await store.recordCheck(newCheck(p.id), { status: 'unchanged', lastBodySha256: null, baseline: null });
      expect((await store.getPage(p.id))?.baseline).toBeNull();

      // A page update that fails must take the check insert down with it.
      const broken = { status: null, lastBodySha256: null } as unknown as Parameters<EstateStore['recordCheck']>[1];
      await expect(store.recordCheck(newCheck(p.id, { startedAt: T0 + 30 }), broken)).rejects.toBeInstanceOf(
        StoreConstraintError,
      );
      expect((await store.listChecks(p.id, { limit: 10 })).map((c) => c.startedAt)).not.toContain(T0 + 30);
      await expect(
        store.recordCheck(newCheck(p.id + 999), { status: 'down', lastBodySha256: null }),
      ).rejects.toBeInstanceOf(StoreConstraintError);
    });

    it("keeps the baseline's facts with the baseline, and reads a page without it", async () => {
      const p = await page();
      expect(await store.getPageHead(p.id)).toMatchObject({ id: p.id, url: p.url, baselineFacts: null });
      const held = { ...BASELINE, samples: 2, soft404Streak: 1, held: true };
      await store.recordCheck(newCheck(p.id), { status: 'suspicious', lastBodySha256: sha(1), baseline: held });
      const head = await store.getPageHead(p.id);
      expect(head).toMatchObject({ status: 'suspicious', lastBodySha256: sha(1) });
      expect(head?.baselineFacts).toEqual({ samples: 2, soft404Streak: 1, held: true });
      expect(head).not.toHaveProperty('baseline');
      expect(await store.getBaseline(p.id)).toEqual(held);

      // A check that leaves the baseline alone leaves its facts alone.
      await store.recordCheck(newCheck(p.id, { startedAt: T0 + 5 }), { status: 'unchanged', lastBodySha256: sha(1) });
      expect((await store.getPageHead(p.id))?.baselineFacts).toEqual({ samples: 2, soft404Streak: 1, held: true });
      await store.recordCheck(newCheck(p.id), { status: 'unchanged', lastBodySha256: sha(1), baseline: BASELINE });
      expect((await store.getPageHead(p.id))?.baselineFacts).toEqual({ samples: 3, soft404Streak: 0, held: false });
      // No baseline, no facts: a page to learn afresh must never look learnt.
      await store.recordCheck(newCheck(p.id), { status: 'unchanged', lastBodySha256: null, baseline: null });
      expect((await store.getPageHead(p.id))?.baselineFacts).toBeNull();
      expect(await store.getBaseline(p.id)).toBeNull();
      expect(await store.getPageHead(p.id + 999)).toBeNull();
      expect(await store.getBaseline(p.id + 999)).toBeNull();
    });

    it('fills the facts of baselines stored before migration 0022, and moves the baselines apart (0024)', async () => {
      await fx.cleanup();
      fx = await open();
      store = fx.store;
      expect(MIGRATIONS['0022-baseline-facts']).toBeDefined();
      // The schema as it was before 0022: baselines in the page's row, no facts.
      const before = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < '0022'));
      await runMigrations(fx.handle, before);
      const learnt = await page('https://example.go.jp/learnt');
      const held = await page('https://example.go.jp/held');
      const fresh = await page('https://example.go.jp/fresh');
      const json = (b: object) => `'${JSON.stringify(b)}'`;
      await fx.exec(
        `update pages set baseline = ${json(BASELINE)} where id = ${learnt.id};
         update pages set baseline = ${json({ ...BASELINE, samples: 1, soft404Streak: 2, held: true })} where id = ${held.id};`,
      );
      // A page's history must survive its row being rewritten without the baseline (0024).
      await fx.exec(
        `insert into checks (page_id, started_at, duration_ms, outcome, verdict) values (${learnt.id}, ${T0}, 5, 'ok', 'unchanged')`,
      );
      await runMigrations(fx.handle);
      expect((await store.listChecks(learnt.id, { limit: 5 })).map((c) => c.startedAt)).toEqual([T0]);
      expect((await store.getPageHead(learnt.id))?.baselineFacts).toEqual({
        samples: 3,
        soft404Streak: 0,
        held: false,
      });
      expect((await store.getPageHead(held.id))?.baselineFacts).toEqual({ samples: 1, soft404Streak: 2, held: true });
      expect((await store.getPageHead(fresh.id))?.baselineFacts).toBeNull();
      // Every baseline is still the page's, read alone or with the page (in its own table since 0024).
      expect(await store.getBaseline(learnt.id)).toEqual(BASELINE);
      expect((await store.getPage(held.id))?.baseline).toEqual({
        ...BASELINE,
        samples: 1,
        soft404Streak: 2,
        held: true,
      });
      expect(await store.getBaseline(fresh.id)).toBeNull();
      expect((await store.listPages({ limit: 10 })).items.map((p) => p.baseline?.samples ?? null)).toEqual([
        3,
        1,
        null,
      ]);
    });

    it('group-commits several checks in order, all or nothing', async () => {
      const a = await page();
      const b = await store.addPage({ siteId: a.siteId, url: `${a.url}b`, source: 'declared' }, T0);
      const stored = await store.recordChecks([
        { check: newCheck(a.id, { startedAt: T0 + 1 }), update: { status: 'changed', lastBodySha256: sha(1) } },
        { check: newCheck(b.page.id, { startedAt: T0 + 2 }), update: { status: 'tampered', lastBodySha256: sha(2) } },
        { check: newCheck(a.id, { startedAt: T0 + 3 }), update: { status: 'unchanged', lastBodySha256: sha(1) } },
      ]);
      expect(stored.map((c) => c.startedAt)).toEqual([T0 + 1, T0 + 2, T0 + 3]);
      expect(stored[0]!.id).toBeLessThan(stored[2]!.id);
      expect(await store.getPage(a.id)).toMatchObject({ status: 'unchanged', lastCheckId: stored[2]!.id });
      expect(await store.getPage(b.page.id)).toMatchObject({ status: 'tampered', lastCheckId: stored[1]!.id });
      expect(await store.recordChecks([])).toEqual([]);

      // One bad entry rolls back the whole batch.
      await expect(
        store.recordChecks([
          { check: newCheck(a.id, { startedAt: T0 + 4 }), update: { status: 'down', lastBodySha256: null } },
          { check: newCheck(a.id + 999), update: { status: 'down', lastBodySha256: null } },
        ]),
      ).rejects.toBeInstanceOf(StoreConstraintError);
      expect(await store.getPage(a.id)).toMatchObject({ status: 'unchanged', lastCheckId: stored[2]!.id });
      expect((await store.listChecks(a.id, { limit: 10 })).map((c) => c.startedAt)).not.toContain(T0 + 4);
    });

    it('round-trips JSON columns exactly', async () => {
      const p = await page();
      const input = newCheck(p.id, {
        verdict: 'tampered',
        redirects: [{ url: 'https://www.mof.go.jp/', status: 301, location: 'https://evil.example/?q=1&x="y"' }],
        headers: { 'content-type': 'text/html; charset=shift_jis', server: 'nginx' },
        reasons: [
          {
            code: 'hidden-external-link',
            message: '隠しリンク「カジノ」が追加されました',
            severity: 'high',
            evidence: { selector: 'body>div', snippet: '<a href="x">\u2028</a>', url: 'https://evil.example/' },
          },
          { code: 'http-5xx', message: 'Server error', severity: 'medium' },
        ],
      });
      const stored = await store.recordCheck(input, { status: 'tampered', lastBodySha256: null, baseline: BASELINE });
      expect(stored).toEqual({ ...input, id: stored.id, seenCount: 1, lastSeenAt: null });
      expect(await store.getCheck(stored.id)).toEqual({ ...input, id: stored.id, seenCount: 1, lastSeenAt: null });
      expect((await store.getPage(p.id))?.baseline).toEqual(BASELINE);
    });

    it('lists checks newest first with beforeId paging', async () => {
      const p = await page();
      const other = (
        await store.addPage({ siteId: p.siteId, url: 'https://www.mof.go.jp/other', source: 'declared' }, T0)
      ).page;
      const ids: number[] = [];
      for (let i = 0; i < 7; i++) {
        ids.push(
          (
            await store.recordCheck(newCheck(p.id, { startedAt: T0 + i }), {
              status: 'unchanged',
              lastBodySha256: null,
            })
          ).id,
        );
        await store.recordCheck(newCheck(other.id), { status: 'unchanged', lastBodySha256: null });
      }
      const newest = ids.slice().reverse();
      const first = await store.listChecks(p.id, { limit: 3 });
      expect(first.map((c) => c.id)).toEqual(newest.slice(0, 3));
      const second = await store.listChecks(p.id, { limit: 3, beforeId: first[2]!.id });
      expect(second.map((c) => c.id)).toEqual(newest.slice(3, 6));
      expect((await store.listChecks(p.id, { limit: 10, beforeId: second[2]!.id })).map((c) => c.id)).toEqual(
        newest.slice(6),
      );
      expect(await store.getCheck(999_999)).toBeNull();
    });

    it('prunes checks and bodies, reporting only blobs no page keeps', async () => {
      const a = await page('https://www.mof.go.jp/a');
      const b = (await store.addPage({ siteId: a.siteId, url: 'https://www.mof.go.jp/b', source: 'declared' }, T0))
        .page;
      // Judged changed, so that two rows with one body stay two rows (an unchanged repeat extends the last).
      const record = (pageId: number, body: number | null, kept = true) =>
        store.recordCheck(
          newCheck(pageId, { verdict: 'changed', bodySha256: body === null ? null : sha(body), bodyKept: kept }),
          { status: 'changed', lastBodySha256: null },
        );
      // Page a, oldest first: h1, h2, h3, (no body), h4, h4. Page b shares h2.
      for (const body of [1, 2, 3, null, 4, 4]) await record(a.id, body);
      await record(b.id, 2);
      await record(b.id, 9, false);

      const result = await store.pruneChecks(a.id, { checksPerPage: 4, bodiesPerPage: 1 });
      // Deleted: h1, h2 rows. Bodies dropped: h3 and the older h4. h2 lives on in page b, h4 in the newest row.
      expect(result).toEqual({ deletedChecks: 2, unreferencedBlobs: [sha(1), sha(3)] });
      const left = await store.listChecks(a.id, { limit: 10 });
      expect(left.map((c) => [c.bodySha256, c.bodyKept])).toEqual([
        [sha(4), true],
        [sha(4), false],
        [null, false],
        [sha(3), false],
      ]);
      expect(await store.pruneChecks(a.id, { checksPerPage: 4, bodiesPerPage: 1 })).toEqual({
        deletedChecks: 0,
        unreferencedBlobs: [],
      });

      expect(await store.pruneChecks(b.id, { checksPerPage: 5, bodiesPerPage: 0 })).toEqual({
        deletedChecks: 0,
        unreferencedBlobs: [sha(2)],
      });
      // Deleted rows offer their hash again even when their body was dropped before (h3): the caller may
      // have kept that blob for a grace period, and this is its next chance to go.
      expect(await store.pruneChecks(a.id, { checksPerPage: 1, bodiesPerPage: 0 })).toEqual({
        deletedChecks: 3,
        unreferencedBlobs: [sha(3), sha(4)],
      });
      expect((await store.getPage(a.id))?.lastCheckId).toBe(left[0]!.id);
      await expect(store.pruneChecks(a.id, { checksPerPage: 0, bodiesPerPage: 0 })).rejects.toBeInstanceOf(RangeError);
    });
  });
}

await onBothDatabases('EstateStore checks contract', testEnv(process.env), runChecksContract);
