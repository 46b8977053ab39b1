/**
 * `mamori status` and the dashboard name a page's state with one mapping: the same stored checks read
 * through the estate tree (CLI) and the overview (console) give the same state, page by page.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutcomeClass } from '../core/outcome.ts';
import { openStore } from '../store/open-store.ts';
import type { PageStatus, EstateStore } from '../store/types.ts';
import { loadEstateTree } from './estate-tree.ts';

const T0 = 1_760_000_000_000;
const CASES: { path: string; verdict: PageStatus; outcome: OutcomeClass; status: number | null }[] = [
  { path: '/gone/', verdict: 'down', outcome: 'http-4xx', status: 404 },
  { path: '/slow/', verdict: 'down', outcome: 'timeout', status: null },
  { path: '/broken/', verdict: 'down', outcome: 'http-5xx', status: 503 },
  { path: '/refused/', verdict: 'down', outcome: 'blocked', status: null },
  { path: '/fine/', verdict: 'unchanged', outcome: 'ok', status: 200 },
];

describe('page state in the CLI and the dashboard', () => {
  let store: EstateStore;

  beforeEach(async () => {
    store = await openStore({ url: ':memory:' });
    await store.migrate();
    const org = await store.upsertOrganisation({ slug: 'city', name: 'City' }, T0);
    const site = await store.upsertSite(
      { organisationId: org.id, origin: 'https://www.city.example', name: 'City' },
      T0,
    );
    for (const c of CASES) {
      const { page } = await store.addPage(
        { siteId: site.id, url: `https://www.city.example${c.path}`, source: 'declared' },
        T0,
      );
      await store.recordCheck(
        {
          pageId: page.id,
          startedAt: T0 + 1000,
          durationMs: 5,
          outcome: c.outcome,
          httpStatus: c.status,
          redirects: [],
          headers: {},
          bodyBytes: 0,
          bodySha256: null,
          bodyKept: false,
          charset: null,
          remoteAddress: null,
          verdict: c.verdict as Exclude<PageStatus, 'pending'>,
          reasons: [{ code: c.outcome, severity: 'high', message: c.outcome }],
        },
        { status: c.verdict, lastBodySha256: null },
      );
    }
  });
  afterEach(async () => store.close());

  it('calls a 404 degraded, a timeout down and a policy refusal unknown, in both', async () => {
    const tree = await loadEstateTree(store, { problemsOnly: false, maxPagesPerSite: 100 });
    const cli = Object.fromEntries(
      tree.organisations[0]!.sites[0]!.pages.map((p) => [new URL(p.url).pathname, p.state]),
    );
    const overview = await store.overview({ scope: 'all', limit: 100 });
    const ui = Object.fromEntries(overview.pages.items.map((p) => [new URL(p.url).pathname, p.status]));
    expect(cli).toEqual(ui);
    expect(cli).toEqual({
      '/gone/': 'degraded',
      '/slow/': 'down',
      '/broken/': 'down',
      '/refused/': 'unknown',
      '/fine/': 'up',
    });
    expect(tree.organisations[0]!.sites[0]!.counts).toEqual({ degraded: 1, down: 2, unknown: 1, up: 1 });
  });
});
