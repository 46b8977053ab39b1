/**
 * bench:api: the console's overview at estate scale. Seeds 100,000 pages over 300 organisations
 * (900 sites, a few hundred pages in trouble with their last checks) into SQLite and PostgreSQL, then
 * times GET /api/overview in-process over the Hono app: the first screen, a filtered one, a search
 * and a deep cursor. Prints p50/p95 per backend side by side, then one JSON line. Target: < 200 ms.
 *
 *   npm run bench:api [-- --pages 100000 --orgs 300 --runs 40]
 */
import { join } from 'node:path';
import { sql } from 'kysely';
import { createApi } from '../src/api/app.ts';
import { signIn, testAuthDeps } from '../src/api/auth-test-support.ts';
import { AuthStore } from '../src/auth/auth-store.ts';
import { openStoreWithHandle } from '../src/store/open-store.ts';
import { DEFAULT_TEST_POSTGRES_URL, dropPgSchema, probePostgres, uniqueSchemaName } from '../src/store/test-support.ts';
import type { DatabaseHandle } from '../src/store/database.ts';
import type { EstateStore } from '../src/store/types.ts';
import { tempDir } from '../test/helpers.ts';
import { numberFlag } from './lib/args.ts';
import { fmt } from './lib/measure.ts';

const argv = process.argv.slice(2);
const PAGES = numberFlag(argv, 'pages', 100_000);
const ORGS = numberFlag(argv, 'orgs', 300);
const SITES = ORGS * 3;
const RUNS = numberFlag(argv, 'runs', 40);
const TARGET_MS = 200;
const T0 = Date.UTC(2026, 11, 1);
const PG_URL = process.env.MAMORI_TEST_POSTGRES_URL ?? DEFAULT_TEST_POSTGRES_URL;

/** Ranks 0-5 (tampered … up) by page number: about 2.3% of pages are not up. */
const RANK_OF_I = `case when i % 997 = 0 then 0 when i % 211 = 0 then 1 when i % 307 = 0 then 2 when i % 401 = 0 then 3 when i % 101 = 0 then 4 else 5 end`;
const STATUS_OF_RANK = `case health_rank when 0 then 'tampered' when 1 then 'down' when 2 then 'suspicious' when 3 then 'down' when 4 then 'pending' else 'unchanged' end`;

/** The same SQL seeds both dialects: a recursive counter, string concatenation and CASE. */
async function seed(handle: DatabaseHandle): Promise<void> {
  const run = (text: string) => sql.raw(text).execute(handle.db);
  const counter = (n: number) => `with recursive n(i) as (select 1 union all select i + 1 from n where i < ${n})`;
  await run(`insert into organisations (slug, name, aliases, created_at) ${counter(ORGS)}
    select 'org-' || i, '第' || i || '省庁', '["Agency ' || i || '"]', ${T0} from n`);
  await run(`insert into sites (organisation_id, origin, name, created_at) ${counter(SITES)}
    select ((i - 1) % ${ORGS}) + 1, 'https://s' || i || '.example.go.jp', 'サイト' || i, ${T0} from n`);
  await run(`insert into pages (site_id, url, source, status, created_at, health_rank, title) ${counter(PAGES)}
    select ((i - 1) % ${SITES}) + 1, 'https://s' || (((i - 1) % ${SITES}) + 1) || '.example.go.jp/page/' || i, 'imported', 'unchanged', ${T0}, ${RANK_OF_I},
      'お知らせ 第' || i || '号' from n`);
  await run(`update pages set search_text = lower(url) || ' ' || lower(title)`);
  await run(`update pages set status = ${STATUS_OF_RANK}`);
  await run(`insert into checks (page_id, started_at, duration_ms, outcome, verdict, reasons)
    select id, ${T0}, 120, case health_rank when 1 then 'timeout' when 3 then 'http-4xx' else 'ok' end, status,
      '[{"code":"seeded","message":"A reason as long as a real one is, give or take a few words.","severity":"high"}]'
    from pages where health_rank < 4`);
  await run(
    `update pages set last_check_id = (select max(c.id) from checks c where c.page_id = pages.id), last_checked_at = ${T0} where health_rank < 4`,
  );
  await run('analyze');
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Timing {
  p50: number;
  p95: number;
}

type Get = (path: string) => Promise<Response>;

async function time(app: Get, path: string): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS + 3; i++) {
    const t0 = performance.now();
    const res = await app(path);
    await res.arrayBuffer();
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    if (i >= 3) samples.push(ms); // the first runs warm statement caches and the planner
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

async function deepCursor(app: Get): Promise<string> {
  // A cursor near the end of the worst-first order: among the last `up` pages.
  const cursor = Buffer.from(`5.${Math.floor(PAGES * 0.95)}`).toString('base64url');
  const res = await app(`/api/overview?limit=50&after=${cursor}`);
  if (res.status !== 200) throw new Error(`deep cursor answered ${res.status}`);
  return cursor;
}

async function benchBackend(store: EstateStore, handle: DatabaseHandle): Promise<Record<string, Timing>> {
  const t0 = performance.now();
  await seed(handle);
  console.log(`  ${store.dialect}: seeded ${PAGES} pages in ${fmt((performance.now() - t0) / 1000, 1)} s`);
  // Through the whole app as the dashboard calls it: an analyst's session cookie is checked on each request.
  const api = createApi({
    store,
    version: 'bench',
    now: () => Date.now(),
    log: { error: (e: unknown) => console.error(e) } as never,
    auth: testAuthDeps(handle),
  });
  const analyst = await signIn(api, new AuthStore(handle), { role: 'analyst' });
  const app: Get = (path) => analyst.request(path);
  const cursor = await deepCursor(app);
  const org = Math.ceil(ORGS / 3);
  return {
    first: await time(app, '/api/overview?limit=50'),
    filtered: await time(app, `/api/overview?limit=50&status=tampered,down,degraded&organisationId=${org}`),
    searched: await time(app, `/api/overview?limit=50&q=${encodeURIComponent(`agency ${org} お知らせ`)}`),
    deepCursor: await time(app, `/api/overview?limit=50&after=${cursor}`),
  };
}

const results: Record<string, Record<string, Timing>> = {};
const tmp = tempDir('mamori-bench-api-');
try {
  console.log(`bench:api: ${PAGES} pages, ${ORGS} organisations, ${SITES} sites; ${RUNS} timed requests per query`);
  const sqlite = await openStoreWithHandle({ url: `sqlite:${join(tmp.dir, 'bench.db')}` });
  try {
    await sqlite.store.migrate();
    results.sqlite = await benchBackend(sqlite.store, sqlite.handle);
  } finally {
    await sqlite.store.close();
  }
  const pgProblem = await probePostgres(PG_URL);
  if (pgProblem !== null) {
    console.log(`  postgres: skipped, ${PG_URL} is unreachable (${pgProblem})`);
  } else {
    const schema = uniqueSchemaName('mamori_bench');
    const pg = await openStoreWithHandle({ url: PG_URL, pgSchema: schema });
    try {
      await pg.store.migrate();
      results.postgres = await benchBackend(pg.store, pg.handle);
    } finally {
      await pg.store.close();
      await dropPgSchema(PG_URL, schema);
    }
  }
} finally {
  tmp.remove();
}

const backends = Object.keys(results);
console.log(`\n${'query'.padEnd(12)}${backends.map((b) => `${b} p50/p95 ms`.padStart(24)).join('')}`);
for (const query of ['first', 'filtered', 'searched', 'deepCursor']) {
  console.log(
    `${query.padEnd(12)}${backends.map((b) => `${fmt(results[b]![query]!.p50, 1)} / ${fmt(results[b]![query]!.p95, 1)}`.padStart(24)).join('')}`,
  );
}
const worstP95 = Math.max(...backends.flatMap((b) => Object.values(results[b]!).map((t) => t.p95)));
console.log(`worst p95 ${fmt(worstP95, 1)} ms (target < ${TARGET_MS} ms): ${worstP95 < TARGET_MS ? 'met' : 'MISSED'}`);
const round = (t: Timing) => ({ p50: Number(t.p50.toFixed(2)), p95: Number(t.p95.toFixed(2)) });
console.log(
  JSON.stringify({
    bench: 'api',
    pages: PAGES,
    organisations: ORGS,
    sites: SITES,
    runs: RUNS,
    targetMs: TARGET_MS,
    worstP95Ms: Number(worstP95.toFixed(2)),
    ...Object.fromEntries(
      backends.map((b) => [b, Object.fromEntries(Object.entries(results[b]!).map(([k, v]) => [k, round(v)]))]),
    ),
  }),
);
