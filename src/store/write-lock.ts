/**
 * The one write lock for stores that read, decide and write as one step (the custody ledger's head,
 * a site's incident rollup). The whole step runs in one transaction holding the lock, so two
 * processes on one database never both act on the same stale read.
 *
 * - PostgreSQL: a transaction-scoped advisory lock, keyed by the lock's name and the schema (stores
 *   in other schemas of one database, such as parallel test runs, don't wait for each other). With an
 *   `id` (a site), the lock is (name, id): one per site, so sites don't wait for each other.
 * - SQLite: BEGIN IMMEDIATE, the database's own write lock, taken up front: Kysely's SQLite
 *   transactions begin DEFERRED, and a read then a write could fail to upgrade. Handles of one file in
 *   one process take turns first (see `inTurn`).
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DatabaseHandle } from './database.ts';

export interface WriteLock {
  /** Names what is locked, e.g. `mamori.evidence.ledger`; the schema is added to it. */
  name: string;
  /** Locks one item (an int32, such as a site id) of `name` instead of all of it. PostgreSQL only. */
  id?: number;
}

/**
 * Runs `fn` in one transaction holding `lock`. `db` is the store's typed view of `handle`'s
 * connection; `fn` must use the transaction it is given, never `db`.
 */
export function withWriteLock<DB, T>(
  handle: DatabaseHandle,
  db: Kysely<DB>,
  lock: WriteLock,
  fn: (trx: Kysely<DB>) => Promise<T>,
): Promise<T> {
  if (handle.dialect === 'postgres') {
    return db.transaction().execute(async (trx) => {
      const key = await pgLockKey(handle, trx, lock.name);
      if (lock.id === undefined) await sql`select pg_advisory_xact_lock(${key.whole}::bigint)`.execute(trx);
      else await sql`select pg_advisory_xact_lock(${key.space}::int, ${lock.id}::int)`.execute(trx);
      return fn(trx);
    });
  }
  return inTurn(handle.target, () =>
    db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const result = await fn(conn);
        await sql`commit`.execute(conn);
        return result;
      } catch (err) {
        await sql`rollback`.execute(conn).catch(() => undefined);
        throw err;
      }
    }),
  );
}

interface PgLockKey {
  /** The key of the whole (bigint form). */
  whole: string;
  /** The key space of its items (the first int of the two-int form). */
  space: number;
}

/** Keys by handle, then by lock name: the schema never changes under a handle. */
const pgKeys = new WeakMap<DatabaseHandle, Map<string, PgLockKey>>();

async function pgLockKey<DB>(handle: DatabaseHandle, trx: Kysely<DB>, name: string): Promise<PgLockKey> {
  const known = pgKeys.get(handle)?.get(name);
  if (known) return known;
  let schema = handle.pgSchema;
  if (schema === null) {
    const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(trx);
    schema = rows[0]?.schema ?? 'public';
  }
  const digest = createHash('sha256').update(`${name}.${schema}`).digest();
  const key = { whole: digest.readBigInt64BE(0).toString(), space: digest.readInt32BE(0) };
  const byName = pgKeys.get(handle) ?? new Map<string, PgLockKey>();
  byName.set(name, key);
  pgKeys.set(handle, byName);
  return key;
}

/**
 * One queue per SQLite file in this process. better-sqlite3 is synchronous: a second connection's
 * BEGIN IMMEDIATE would block the whole thread for busy_timeout while the first connection's
 * transaction (awaiting between statements) could never finish. So lockers in one process take
 * turns here first; other processes still wait on SQLite's own lock. Never take a write lock inside
 * another: the inner one would wait for the outer one's turn.
 */
const sqliteQueues = new Map<string, Promise<unknown>>();

function inTurn<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = sqliteQueues.get(key) ?? Promise.resolve();
  const next = previous.then(fn, fn);
  const settled = next.then(
    () => undefined,
    () => undefined,
  );
  sqliteQueues.set(key, settled);
  void settled.then(() => {
    if (sqliteQueues.get(key) === settled) sqliteQueues.delete(key);
  });
  return next;
}
