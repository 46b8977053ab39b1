import { sql } from 'kysely';
import type { DatabaseHandle, DatabaseOptions } from './database.ts';
import { openDatabase } from './database.ts';
import { StoreUnavailableError, classifyStoreError } from './errors.ts';
import { KyselyStore } from './kysely-store.ts';
import type { Store } from './types.ts';

export interface OpenStoreOptions {
  /** `postgres://…` / `postgresql://…`, `sqlite:<path>`, `:memory:` or a plain file path. */
  url: string;
  /** PostgreSQL schema to work in; created by migrate() if missing. */
  pgSchema?: string;
  /** SQLite: how long to wait for another connection's lock before StoreUnavailableError. Default 5 s. */
  busyTimeoutMs?: number;
  /** PostgreSQL: connections in the pool. Default 10. */
  poolSize?: number;
  /** PostgreSQL: how long to wait for a connection before StoreUnavailableError. Default 10 s. */
  connectTimeoutMs?: number;
  /** PostgreSQL: errors on idle pooled connections (logged by the caller; the pool recovers). */
  onBackgroundError?: (error: unknown) => void;
}

/**
 * Open the store named by the URL and check it answers, so a wrong URL or a stopped server fails here
 * with a StoreUnavailableError / StoreConfigError rather than on the first query. Call migrate() next.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  return (await openStoreWithHandle(options)).store;
}

/**
 * As openStore, also returning the database handle, for stores of later stages (the evidence
 * ledger) that must share its connection: two SQLite connections in one process can deadlock.
 */
export async function openStoreWithHandle(options: OpenStoreOptions): Promise<{ store: Store; handle: DatabaseHandle }> {
  const { url, ...rest } = options;
  const databaseOptions: DatabaseOptions = rest;
  const handle = openDatabase(url, databaseOptions);
  try {
    await sql`select 1`.execute(handle.db);
  } catch (err) {
    await handle.db.destroy().catch(() => undefined);
    throw (
      classifyStoreError(err, handle.target) ??
      new StoreUnavailableError(`Cannot use ${handle.target}: check the store URL and that the server is running.`, 'unreachable', { cause: err })
    );
  }
  return { store: new KyselyStore(handle), handle };
}
