/**
 * The hot statements of a check run on a connection held for all of them. Through `executeQuery`,
 * Kysely wraps every statement in its own connection hand-off, executor object and result transform
 * (inside a transaction, a new executor and a promise chain per statement): about 5 KB and three async
 * frames a statement, more than SQLite takes to run it (issue 21). Held once, each statement is one
 * call to Kysely's driver connection, the same one `executeQuery` ends in.
 *
 * Kysely's plugins transform results in the part skipped here, so a Kysely with plugins is refused.
 */
import type { CompiledQuery, DatabaseConnection, Kysely, QueryResult } from 'kysely';
import { directRunner } from './sqlite-direct.ts';

/** Runs `fn` with `db`'s connection (a transaction's own, or one from the pool) held until it settles. */
export function withHeldConnection<DB, T>(
  db: Kysely<DB>,
  fn: (connection: DatabaseConnection) => Promise<T>,
): Promise<T> {
  const executor = db.getExecutor();
  if (executor.plugins.length > 0) throw new Error('withHeldConnection: a Kysely with plugins needs executeQuery');
  return executor.provideConnection(fn);
}

/** One statement on a held connection, typed as the compiled query says. */
export function runOn<R>(connection: DatabaseConnection, query: CompiledQuery<R>): Promise<QueryResult<R>> {
  return connection.executeQuery<R>(query);
}

/**
 * One statement on a connection held for it alone: `db.executeQuery` without the plumbing above. On
 * SQLite's idle connection, not even the hand-off (sqlite-direct.ts).
 */
export function runHeld<DB, R>(db: Kysely<DB>, query: CompiledQuery<R>): Promise<QueryResult<R>> {
  return (
    directRunner(db)?.runIfIdle(query) ?? withHeldConnection(db, (connection) => connection.executeQuery<R>(query))
  );
}
