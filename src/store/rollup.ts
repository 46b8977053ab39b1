/**
 * Per-page check history (migration 0015): buckets of rolled-up check rows, added to as retention
 * deletes rows, and read back together with the rows not yet rolled up. Runs on SQLite and
 * PostgreSQL alike; the upsert adds (every column is a count, a sum or a maximum).
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { ChecksTable, Database } from './database.ts';
import {
  DAY_MS,
  bucketStart,
  foldChecks,
  mergeBuckets,
  type FoldRow,
  type RollupBucket,
  type RollupPeriod,
} from './rollup-fold.ts';

export interface CheckRollupsTable {
  page_id: number;
  period: string;
  bucket_start: number;
  checks: number;
  unchanged: number;
  changed: number;
  suspicious: number;
  tampered: number;
  down: number;
  responses: number;
  response_ms_sum: number;
  response_ms_max: number;
}

// A type alias, not an interface: withTables wants an indexable record.
export type RollupTables = { check_rollups: CheckRollupsTable };

function rollupDb(db: Kysely<Database>): Kysely<Database & RollupTables> {
  return db.withTables<RollupTables>();
}

/** How long history is kept; 0 keeps it for ever. */
export interface RollupRetention {
  hourlyDays: number;
  dailyDays: number;
}

/** Adds buckets to the page's history (creating them, or adding to what is there). */
export async function addBuckets(
  db: Kysely<Database>,
  pageId: number,
  buckets: readonly RollupBucket[],
): Promise<void> {
  const r = rollupDb(db);
  for (const b of buckets) {
    await r
      .insertInto('check_rollups')
      .values({
        page_id: pageId,
        period: b.period,
        bucket_start: b.start,
        checks: b.checks,
        ...b.verdicts,
        responses: b.responses,
        response_ms_sum: b.responseMsSum,
        response_ms_max: b.responseMsMax,
      })
      .onConflict((oc) =>
        oc.columns(['page_id', 'period', 'bucket_start']).doUpdateSet((eb) => ({
          checks: eb('check_rollups.checks', '+', eb.ref('excluded.checks')),
          unchanged: eb('check_rollups.unchanged', '+', eb.ref('excluded.unchanged')),
          changed: eb('check_rollups.changed', '+', eb.ref('excluded.changed')),
          suspicious: eb('check_rollups.suspicious', '+', eb.ref('excluded.suspicious')),
          tampered: eb('check_rollups.tampered', '+', eb.ref('excluded.tampered')),
          down: eb('check_rollups.down', '+', eb.ref('excluded.down')),
          responses: eb('check_rollups.responses', '+', eb.ref('excluded.responses')),
          response_ms_sum: eb('check_rollups.response_ms_sum', '+', eb.ref('excluded.response_ms_sum')),
          // Portable max of two values (SQLite's max() and PostgreSQL's greatest() differ).
          response_ms_max: sql<number>`case when excluded.response_ms_max > check_rollups.response_ms_max then excluded.response_ms_max else check_rollups.response_ms_max end`,
        })),
      )
      .execute();
  }
}

/** The columns of a check row that history folds (prune.ts deletes rows returning these). */
export const FOLD_COLUMNS = [
  'started_at',
  'verdict',
  'duration_ms',
  'http_status',
  'seen_count',
  'duration_ms_sum',
  'duration_ms_max',
] as const;

type CheckFoldColumns = Pick<Selectable<ChecksTable>, (typeof FOLD_COLUMNS)[number]>;

function toFoldRow(r: CheckFoldColumns): FoldRow {
  return {
    startedAt: Number(r.started_at),
    verdict: r.verdict,
    durationMs: Number(r.duration_ms),
    httpStatus: r.http_status,
    seenCount: Number(r.seen_count),
    durationMsSum: r.duration_ms_sum === null ? null : Number(r.duration_ms_sum),
    durationMsMax: r.duration_ms_max === null ? null : Number(r.duration_ms_max),
  };
}

/** Folds deleted check rows into the page's hourly and daily history. */
export async function rollUp(db: Kysely<Database>, pageId: number, rows: readonly CheckFoldColumns[]): Promise<void> {
  if (rows.length === 0) return;
  const fold = rows.map(toFoldRow);
  await addBuckets(db, pageId, [...foldChecks(fold, 'hour'), ...foldChecks(fold, 'day')]);
}

/** Deletes the page's history older than the retention allows. */
export async function pruneRollups(
  db: Kysely<Database>,
  pageId: number,
  retention: RollupRetention,
  now: number,
): Promise<void> {
  const r = rollupDb(db);
  for (const [period, days] of [
    ['hour', retention.hourlyDays],
    ['day', retention.dailyDays],
  ] as const) {
    if (days <= 0) continue;
    await r
      .deleteFrom('check_rollups')
      .where('page_id', '=', pageId)
      .where('period', '=', period)
      .where('bucket_start', '<', bucketStart(now - days * DAY_MS, period))
      .execute();
  }
}

function toBucket(row: CheckRollupsTable, period: RollupPeriod): RollupBucket {
  return {
    period,
    start: Number(row.bucket_start),
    checks: Number(row.checks),
    verdicts: {
      unchanged: Number(row.unchanged),
      changed: Number(row.changed),
      suspicious: Number(row.suspicious),
      tampered: Number(row.tampered),
      down: Number(row.down),
    },
    responses: Number(row.responses),
    responseMsSum: Number(row.response_ms_sum),
    responseMsMax: Number(row.response_ms_max),
  };
}

/** Reads a page's history: rolled-up buckets and the check rows still kept, folded the same way. */
export class PageHistory {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Buckets whose start is in [from, to), oldest first. */
  async buckets(pageId: number, period: RollupPeriod, from: number, to: number): Promise<RollupBucket[]> {
    const start = bucketStart(from, period);
    const rolled = await rollupDb(this.#db)
      .selectFrom('check_rollups')
      .selectAll()
      .where('page_id', '=', pageId)
      .where('period', '=', period)
      .where('bucket_start', '>=', start)
      .where('bucket_start', '<', to)
      .orderBy('bucket_start')
      .execute();
    const recent = await this.#db
      .selectFrom('checks')
      .select([...FOLD_COLUMNS])
      .where('page_id', '=', pageId)
      .where('started_at', '>=', start)
      .where('started_at', '<', to)
      .execute();
    const fold = recent.map(toFoldRow);
    return mergeBuckets(
      rolled.map((row) => toBucket(row, period)),
      foldChecks(fold, period),
    );
  }
}
