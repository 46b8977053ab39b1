/**
 * Reading and writing a page's baseline, kept in `page_baselines` apart from the page's row
 * (migration 0024). Every write of a baseline writes its facts on the page too (row-mapping.ts
 * `baselineColumns`) in the same transaction, so the two never go apart.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Baseline } from '../core/baseline.ts';
import type { Database } from './database.ts';

/** The page's baseline JSON as the column `baseline` of a query over `pages` (null without one). */
export function baselineOfPage(eb: ExpressionBuilder<Database, 'pages'>) {
  return eb
    .selectFrom('page_baselines')
    .select('page_baselines.baseline')
    .whereRef('page_baselines.page_id', '=', 'pages.id')
    .as('baseline');
}

/** The statement that stores a page's baseline, or forgets it (null): run it, or compile it. */
export function writePageBaseline(db: Kysely<Database>, pageId: number, baseline: Baseline | null) {
  if (baseline === null) return db.deleteFrom('page_baselines').where('page_id', '=', pageId);
  const text = JSON.stringify(baseline);
  return db
    .insertInto('page_baselines')
    .values({ page_id: pageId, baseline: text })
    .onConflict((oc) => oc.column('page_id').doUpdateSet({ baseline: text }));
}
