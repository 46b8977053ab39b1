import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthStore } from '../../auth/auth-store.ts';
import type { VerdictKind } from '../../core/verdict.ts';
import { openStoreWithHandle } from '../../store/open-store.ts';
import { HOUR_MS } from '../../store/rollup-fold.ts';
import { PageHistory } from '../../store/rollup.ts';
import { makeTempDir, type TempDir } from '../../store/test-support.ts';
import type { EstateStore } from '../../store/types.ts';
import { createApi } from '../app.ts';
import { signIn, testAuthDeps, type SignedIn } from '../auth-test-support.ts';

const T0 = Date.UTC(2026, 10, 1, 0, 0, 0);
const NOW = T0 + 6 * HOUR_MS;

interface Body {
  period: string;
  totals: { checks: number; verdicts: Record<string, number>; uptime: number | null; maxResponseMs: number | null };
  buckets: { start: number; checks: number; uptime: number | null }[];
}

describe('GET /api/pages/{id}/history', () => {
  let dir: TempDir;
  let store: EstateStore;
  let pageId: number;
  let analyst: SignedIn;
  let member: SignedIn;
  const verdicts: VerdictKind[] = [];

  beforeEach(async () => {
    dir = await makeTempDir();
    const opened = await openStoreWithHandle({ url: `sqlite:${join(dir.path, 'a.db')}` });
    store = opened.store;
    await store.migrate();
    const app = createApi({
      store,
      version: 't',
      now: () => NOW,
      log: { error: () => undefined } as never,
      auth: testAuthDeps(opened.handle),
      history: new PageHistory(opened.handle.db),
    });
    const org = await store.upsertOrganisation({ slug: 'moj', name: '法務省' }, T0);
    const other = await store.upsertOrganisation({ slug: 'city', name: '市' }, T0);
    const auth = new AuthStore(opened.handle);
    analyst = await signIn(app, auth, { role: 'analyst' });
    member = await signIn(app, auth, { role: 'member', organisationIds: [other.id] });
    const site = await store.upsertSite({ organisationId: org.id, origin: 'https://www.moj.example.go.jp' }, T0);
    pageId = (await store.addPage({ siteId: site.id, url: 'https://www.moj.example.go.jp/', source: 'declared' }, T0))
      .page.id;
    verdicts.length = 0;
    // Every 15 minutes for 4 hours; every fifth check down.
    for (let i = 0; i < 16; i++) {
      const verdict: VerdictKind = i % 5 === 4 ? 'down' : 'unchanged';
      verdicts.push(verdict);
      await store.recordCheck(
        {
          pageId,
          startedAt: T0 + i * 15 * 60_000,
          durationMs: 100 + i,
          outcome: verdict === 'down' ? 'timeout' : 'ok',
          httpStatus: verdict === 'down' ? null : 200,
          redirects: [],
          headers: {},
          bodyBytes: null,
          bodySha256: null,
          bodyKept: false,
          charset: null,
          remoteAddress: null,
          verdict,
          reasons: [],
        },
        { status: verdict, lastBodySha256: null },
      );
    }
  });
  afterEach(async () => {
    await store.close();
    await dir.remove();
  });

  const get = async (who: SignedIn, qs: string) => {
    const res = await who.request(`/api/pages/${pageId}/history${qs}`);
    return { status: res.status, body: (await res.json()) as Body };
  };

  it('gives uptime and verdict counts per hour, the same before and after the rows are rolled up', async () => {
    const before = await get(analyst, '');
    expect(before.status).toBe(200);
    const down = verdicts.filter((v) => v === 'down').length;
    expect(before.body.totals).toMatchObject({
      checks: verdicts.length,
      verdicts: { down, unchanged: verdicts.length - down },
      uptime: (verdicts.length - down) / verdicts.length,
    });
    expect(before.body.buckets.map((b) => b.checks)).toEqual([4, 4, 4, 4]);
    await store.pruneChecks(pageId, { checksPerPage: 3, bodiesPerPage: 1 }, NOW);
    expect((await store.listChecks(pageId, { limit: 100 })).length).toBe(3);
    expect(await get(analyst, '')).toEqual(before);
    expect((await get(analyst, '?period=day')).body.totals).toEqual(before.body.totals);
  });

  it('hides pages outside the caller’s organisations and refuses a reversed or too wide window', async () => {
    expect((await get(member, '')).status).toBe(404);
    expect((await get(analyst, `?from=${NOW}&to=${T0}`)).status).toBe(400);
    expect((await get(analyst, `?period=hour&from=0&to=${NOW}`)).status).toBe(400);
  });
});
