/**
 * How checks are written: each check's row (or the run it repeats, check-runs.ts) and its page's
 * state, in the caller's transaction. Kept apart from the store's reads because it is the hot path of
 * every check and has its own compiled statements.
 */
import type { DatabaseConnection, Kysely } from 'kysely';
import { consoleStatus, consoleStatusRank } from '../core/console-status.ts';
import { CheckRuns } from './check-runs.ts';
import type { Database } from './database.ts';
import { learntTitle } from './estate-filters.ts';
import { writePageBaseline } from './page-baselines.ts';
import { runOn, withHeldConnection } from './held-connection.ts';
import { reusableQuery } from './reusable-query.ts';
import { CHECK_COLUMNS, baselineColumns, checkRowOf, checkValues, storedCheck } from './row-mapping.ts';
import type { Check, CheckRecord, NewCheck, PageUpdate } from './types.ts';

export class CheckRecorder {
  readonly #runs: CheckRuns;
  // The statements every check runs, compiled once (reusable-query.ts).
  readonly #insertCheck;
  /** The page update of a check that leaves the baseline (and so the title) as they are. */
  readonly #checkedPage;

  constructor(db: Kysely<Database>) {
    this.#runs = new CheckRuns(db);
    this.#insertCheck = reusableQuery(CHECK_COLUMNS.length, (...values: unknown[]) =>
      db.insertInto('checks').values(checkRowOf(values)).returning('id'),
    );
    this.#checkedPage = reusableQuery(
      6,
      (id: number, status: string, checkId: number, at: number, sha: string | null, rank: number) =>
        db
          .updateTable('pages')
          .set({ status, last_check_id: checkId, last_checked_at: at, last_body_sha256: sha, health_rank: rank })
          .where('id', '=', id),
    );
  }

  /**
   * Writes the checks in order inside `trx`; what comes back is what was written (storedCheck). Every
   * statement runs on the transaction's connection held once for the group (held-connection.ts).
   */
  write(trx: Kysely<Database>, entries: readonly CheckRecord[]): Promise<Check[]> {
    return withHeldConnection(trx, async (connection) => {
      const stored: Check[] = [];
      for (const { check, update } of entries) stored.push(await this.#writeOne(trx, connection, check, update));
      return stored;
    });
  }

  /** `trx` only builds the rare statement that is not precompiled; all run on `connection`. */
  async #writeOne(
    trx: Kysely<Database>,
    connection: DatabaseConnection,
    check: NewCheck,
    update: PageUpdate,
  ): Promise<Check> {
    // A write comes first (the run's UPDATE or the insert) so SQLite takes the write lock at once
    // (see prune.ts). Only the id comes back: the rest of the row is what was written.
    const run = update.baseline === undefined ? await this.#runs.extend(connection, check) : null;
    const id = run?.id ?? Number((await runOn(connection, this.#insertCheck.withArgs(checkValues(check)))).rows[0]!.id);
    const rank = consoleStatusRank(consoleStatus(update.status, check.outcome));
    // No new baseline, no new title (learntTitle reads it from the baseline): the common, fixed shape.
    if (update.baseline === undefined) {
      await runOn(
        connection,
        this.#checkedPage(check.pageId, update.status, id, check.startedAt, update.lastBodySha256, rank),
      );
    } else {
      const query = trx
        .updateTable('pages')
        .set({
          status: update.status,
          last_check_id: id,
          last_checked_at: check.startedAt,
          last_body_sha256: update.lastBodySha256,
          health_rank: rank,
          ...baselineColumns(update.baseline),
          // The title the page normally has (tampered checks do not learn, so a defacer's title is not it).
          ...learntTitle(update),
        })
        .where('id', '=', check.pageId)
        .compile();
      await runOn(connection, query);
      await runOn(connection, writePageBaseline(trx, check.pageId, update.baseline).compile());
    }
    return storedCheck(id, check, run?.seenCount);
  }
}
