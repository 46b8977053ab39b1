/**
 * Retention for one page's history. Runs inside the caller's transaction.
 *
 * Check rows leave by count (checksPerPage) and by age (checkDays); every row deleted is first folded
 * into the page's hourly and daily history (rollup.ts), in the same transaction, so uptime and
 * response times outlive the rows. History itself is kept hourlyDays and dailyDays.
 *
 * Bodies are content-addressed and shared across pages (two pages serving the same error page keep
 * one blob), so a body is only collectable when no check row of ANY page still keeps it.
 */
import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import { DAY_MS } from './rollup-fold.ts';
import { FOLD_COLUMNS, pruneRollups, rollUp } from './rollup.ts';
import type { PruneResult, RetentionPolicy } from './types.ts';

/** Keeps `IN (...)` lists well under SQLite's and PostgreSQL's bound-parameter limits. */
const IN_CHUNK = 500;

export function validatePolicy(policy: RetentionPolicy): void {
  const { checksPerPage, bodiesPerPage } = policy;
  // Keeping at least one check keeps pages.last_check_id pointing at a real row.
  if (!Number.isSafeInteger(checksPerPage) || checksPerPage < 1) {
    throw new RangeError(`checksPerPage must be an integer >= 1, got ${checksPerPage}`);
  }
  if (!Number.isSafeInteger(bodiesPerPage) || bodiesPerPage < 0) {
    throw new RangeError(`bodiesPerPage must be an integer >= 0, got ${bodiesPerPage}`);
  }
  for (const key of ['checkDays', 'hourlyDays', 'dailyDays'] as const) {
    const days = policy[key] ?? 0;
    if (!Number.isSafeInteger(days) || days < 0) throw new RangeError(`${key} must be an integer >= 0, got ${days}`);
  }
}

/** What a deleted row returns: its body (to free) and what history folds (run-length counts included). */
const FOLDED = ['body_sha256', ...FOLD_COLUMNS] as const;

/**
 * Id of the `keep`-th newest check of the page: rows with a smaller id fall outside the window.
 * As a subquery it yields NULL when the page has fewer rows, and `id < NULL` matches nothing.
 */
function windowStart(db: Kysely<Database>, pageId: number, keep: number) {
  return db
    .selectFrom('checks')
    .select('id')
    .where('page_id', '=', pageId)
    .orderBy('id', 'desc')
    .limit(1)
    .offset(keep - 1);
}

/** Rows older than checkDays, except the page's newest (pages.last_check_id names it). */
async function deleteAged(trx: Kysely<Database>, pageId: number, policy: RetentionPolicy, now: number | undefined) {
  const days = policy.checkDays ?? 0;
  if (days === 0 || now === undefined) return [];
  return trx
    .deleteFrom('checks')
    .where('page_id', '=', pageId)
    .where('started_at', '<', now - days * DAY_MS)
    .where('id', '<', windowStart(trx, pageId, 1))
    .returning([...FOLDED])
    .execute();
}

export async function pruneInTransaction(
  trx: Kysely<Database>,
  pageId: number,
  policy: RetentionPolicy,
  now?: number,
): Promise<PruneResult> {
  // Writes come first, with RETURNING, so in SQLite the transaction takes its write lock at the first
  // statement (waiting busy_timeout) instead of failing to upgrade a read snapshot later.
  const deleted = [
    ...(await trx
      .deleteFrom('checks')
      .where('page_id', '=', pageId)
      .where('id', '<', windowStart(trx, pageId, policy.checksPerPage))
      .returning([...FOLDED])
      .execute()),
    ...(await deleteAged(trx, pageId, policy, now)),
  ];
  await rollUp(trx, pageId, deleted);
  if (now !== undefined)
    await pruneRollups(trx, pageId, { hourlyDays: policy.hourlyDays ?? 0, dailyDays: policy.dailyDays ?? 0 }, now);

  let dropBodies = trx
    .updateTable('checks')
    .set({ body_kept: 0 })
    .where('page_id', '=', pageId)
    .where('body_kept', '=', 1);
  if (policy.bodiesPerPage > 0)
    dropBodies = dropBodies.where('id', '<', windowStart(trx, pageId, policy.bodiesPerPage));
  const dropped = await dropBodies.returning('body_sha256').execute();

  const candidates = new Set<string>();
  // Deleted rows count whether or not they still kept their body: a body dropped earlier may have
  // outlived that prune (the caller keeps recently used blobs for a grace period) and is freed now.
  for (const row of deleted) if (row.body_sha256 !== null) candidates.add(row.body_sha256);
  for (const row of dropped) if (row.body_sha256 !== null) candidates.add(row.body_sha256);

  const stillKept = await keptHashes(trx, [...candidates]);
  const unreferencedBlobs = [...candidates].filter((hash) => !stillKept.has(hash)).sort();
  return { deletedChecks: deleted.length, unreferencedBlobs };
}

/** Which of these hashes some check (of any page) still keeps. One query per chunk, not per hash. */
async function keptHashes(db: Kysely<Database>, hashes: string[]): Promise<Set<string>> {
  const kept = new Set<string>();
  for (let i = 0; i < hashes.length; i += IN_CHUNK) {
    const rows = await db
      .selectFrom('checks')
      .select('body_sha256')
      .distinct()
      .where('body_sha256', 'in', hashes.slice(i, i + IN_CHUNK))
      .where('body_kept', '=', 1)
      .execute();
    for (const row of rows) if (row.body_sha256 !== null) kept.add(row.body_sha256);
  }
  return kept;
}
