/**
 * The baseline's hot facts in columns of their own (issue 21): whether a page has a baseline, its
 * sample count, its soft-404 streak and whether it is held. An unchanged check needs only these, so it
 * reads the page without its baseline (about 5 KB of JSON, parsed on every read before this). They
 * are written with the baseline, by the same helper (row-mapping.ts `baselineColumns`), and filled
 * here from the baselines already stored.
 */
import type { Kysely, Migration } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

// Migrations must not depend on the current table typings, which will move on.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const migration0022BaselineFacts: Migration = {
  async up(db: AnyDb): Promise<void> {
    const pg = db.getExecutor().adapter instanceof PostgresAdapter;
    // Null exactly when the baseline is: "no baseline yet" must never read as a learnt one.
    await db.schema.alterTable('pages').addColumn('baseline_samples', 'integer').execute();
    await db.schema
      .alterTable('pages')
      .addColumn('baseline_soft404_streak', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .alterTable('pages')
      .addColumn('baseline_held', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    if (pg) {
      await sql`update pages set
          baseline_samples = (baseline::json ->> 'samples')::integer,
          baseline_soft404_streak = coalesce((baseline::json ->> 'soft404Streak')::integer, 0),
          baseline_held = case when (baseline::json ->> 'held') = 'true' then 1 else 0 end
        where baseline is not null`.execute(db);
    } else {
      // A baseline that is not valid JSON keeps null facts: its checks read it in full, as before.
      await sql`update pages set
          baseline_samples = json_extract(baseline, '$.samples'),
          baseline_soft404_streak = coalesce(json_extract(baseline, '$.soft404Streak'), 0),
          baseline_held = case when json_extract(baseline, '$.held') = 1 then 1 else 0 end
        where baseline is not null and json_valid(baseline)`.execute(db);
    }
  },
  async down(db: AnyDb): Promise<void> {
    await db.schema.alterTable('pages').dropColumn('baseline_held').execute();
    await db.schema.alterTable('pages').dropColumn('baseline_soft404_streak').execute();
    await db.schema.alterTable('pages').dropColumn('baseline_samples').execute();
  },
};
