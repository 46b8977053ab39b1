/**
 * Check history rolled up: on SQLite and PostgreSQL, pruning by age and by count folds every deleted
 * row into hourly and daily buckets, so the history read before pruning is the history read after.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VerdictKind } from '../core/verdict.ts';
import { openDatabase, type DatabaseHandle } from './database.ts';
import { KyselyEstateStore } from './kysely-estate-store.ts';
import { DAY_MS, HOUR_MS, foldChecks, mergeBuckets, type FoldRow } from './rollup-fold.ts';
import { PageHistory } from './rollup.ts';
import {
  DEFAULT_TEST_POSTGRES_URL,
  dropPgSchema,
  makeTempDir,
  probePostgres,
  uniqueSchemaName,
} from './test-support.ts';

const T0 = Date.UTC(2026, 10, 1, 0, 0, 0);
const VERDICTS: VerdictKind[] = ['unchanged', 'unchanged', 'changed', 'down', 'tampered', 'unchanged', 'suspicious'];

/** Checks every 20 minutes over `days`, verdicts and durations cycling (durations differ per row). */
function rows(days: number): FoldRow[] {
  const out: FoldRow[] = [];
  for (let i = 0; i < (days * DAY_MS) / (20 * 60_000); i++) {
    const verdict = VERDICTS[i % VERDICTS.length]!;
    out.push({
      startedAt: T0 + i * 20 * 60_000 + 7,
      verdict,
      durationMs: 50 + ((i * 37) % 400),
      httpStatus: verdict === 'down' ? null : 200,
    });
  }
  return out;
}

describe('foldChecks', () => {
  it('gives the same buckets folded in two passes as in one', () => {
    const all = rows(3);
    for (const period of ['hour', 'day'] as const) {
      const once = foldChecks(all, period);
      const twice = mergeBuckets(foldChecks(all.slice(0, 100), period), foldChecks(all.slice(100), period));
      expect(twice).toEqual(once);
      expect(once.reduce((n, b) => n + b.checks, 0)).toBe(all.length);
    }
  });
});

interface Db {
  handle: DatabaseHandle;
  cleanup(): Promise<void>;
}

const PG_URL = process.env.MAMORI_TEST_POSTGRES_URL ?? DEFAULT_TEST_POSTGRES_URL;
const pgProblem = await probePostgres(PG_URL);

const backends: [string, () => Promise<Db>][] = [
  [
    'sqlite',
    async () => {
      const dir = await makeTempDir('mamori-rollup-');
      return { handle: openDatabase(`sqlite:${join(dir.path, 'm.db')}`), cleanup: () => dir.remove() };
    },
  ],
];
if (pgProblem === null) {
  backends.push([
    'postgres',
    () => {
      const schema = uniqueSchemaName('mamori_rollup');
      return Promise.resolve({
        handle: openDatabase(PG_URL, { pgSchema: schema }),
        cleanup: () => dropPgSchema(PG_URL, schema),
      });
    },
  ]);
} else if (process.env.CI) {
  throw new Error(`PostgreSQL at ${PG_URL} is unreachable (${pgProblem}); CI must run the PostgreSQL rollup suite.`);
} else {
  console.warn(`Skipping the PostgreSQL run of the rollup suite: ${PG_URL} is unreachable (${pgProblem}).`);
}

describe.each(backends)('check history (%s)', (_name, open) => {
  let db: Db;
  let store: KyselyEstateStore;
  let pageId: number;
  let history: PageHistory;
  const all = rows(10);
  const NOW = all[all.length - 1]!.startedAt + 60_000;

  beforeEach(async () => {
    db = await open();
    store = new KyselyEstateStore(db.handle);
    await store.migrate();
    const org = await store.upsertOrganisation({ slug: 'city', name: 'City' }, T0);
    const site = await store.upsertSite({ organisationId: org.id, origin: 'https://www.city.example.lg.jp' }, T0);
    pageId = (
      await store.addPage({ siteId: site.id, url: 'https://www.city.example.lg.jp/news/', source: 'declared' }, T0)
    ).page.id;
    await store.recordChecks(
      all.map((r) => ({
        check: {
          pageId,
          startedAt: r.startedAt,
          durationMs: r.durationMs,
          outcome: r.httpStatus === null ? 'connect' : 'ok',
          httpStatus: r.httpStatus,
          redirects: [],
          headers: {},
          bodyBytes: null,
          bodySha256: null,
          bodyKept: false,
          charset: null,
          remoteAddress: null,
          verdict: r.verdict as VerdictKind,
          reasons: [],
        },
        update: { status: r.verdict as VerdictKind, lastBodySha256: null },
      })),
    );
    history = new PageHistory(db.handle.db);
  });
  afterEach(async () => {
    await db.handle.db.destroy();
    await db.cleanup();
  });

  const count = async () =>
    Number(
      (
        await db.handle.db
          .selectFrom('checks')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('page_id', '=', pageId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('reads the same hourly and daily history after rows are rolled up by age and by count', async () => {
    const before = {
      hour: await history.buckets(pageId, 'hour', T0, NOW),
      day: await history.buckets(pageId, 'day', T0, NOW),
    };
    expect(before.day.reduce((n, b) => n + b.checks, 0)).toBe(all.length);

    const policy = { checksPerPage: 100, bodiesPerPage: 1, checkDays: 3, hourlyDays: 0, dailyDays: 0 };
    const result = await store.pruneChecks(pageId, policy, NOW);
    expect(result.deletedChecks).toBe(all.length - 100);
    expect(await count()).toBe(100);
    expect(await history.buckets(pageId, 'hour', T0, NOW)).toEqual(before.hour);
    expect(await history.buckets(pageId, 'day', T0, NOW)).toEqual(before.day);

    // By age alone: everything older than a day goes, except the page's newest row, whatever its age.
    await store.pruneChecks(pageId, { ...policy, checksPerPage: 1_000_000, checkDays: 1 }, NOW + 30 * DAY_MS);
    expect(await count()).toBe(1);
    expect((await store.getPage(pageId))?.lastCheckId).toBeDefined();
    expect(await history.buckets(pageId, 'day', T0, NOW)).toEqual(before.day);
    expect(await history.buckets(pageId, 'hour', T0, NOW)).toEqual(before.hour);
  });

  it('deletes hourly history past hourlyDays and daily history past dailyDays', async () => {
    const policy = { checksPerPage: 1, bodiesPerPage: 1, checkDays: 1, hourlyDays: 2, dailyDays: 5 };
    await store.pruneChecks(pageId, policy, NOW);
    const hours = await history.buckets(pageId, 'hour', T0, NOW);
    const days = await history.buckets(pageId, 'day', T0, NOW);
    expect(hours[0]!.start).toBeGreaterThanOrEqual(NOW - 2 * DAY_MS - HOUR_MS);
    expect(days[0]!.start).toBeGreaterThanOrEqual(NOW - 5 * DAY_MS - DAY_MS);
    expect(days.length).toBeLessThan(10);
  });
});
