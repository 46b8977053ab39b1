import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import type { DatabaseHandle, DatabaseOptions } from './database.ts';
import { openDatabase, parseStoreUrl } from './database.ts';
import { StoreUnavailableError, classifyStoreError } from './errors.ts';
import { KyselyEstateStore } from './kysely-estate-store.ts';
import type { EstateStore } from './types.ts';

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
  /**
   * Only open a database Mamori already set up: a missing SQLite file is not created (nor its
   * directory), and a database or schema without Mamori's migration table is refused. For commands
   * that inspect (evidence verify), where an empty new database would read as "nothing wrong".
   */
  existingOnly?: boolean;
}

const MIGRATION_TABLE = 'mamori_migration';

function missingStore(target: string, why: string): StoreUnavailableError {
  return new StoreUnavailableError(
    `${target} ${why}: check database.url (this command never creates a database).`,
    'misconfigured',
    { cause: null },
  );
}

/** Before opening: a SQLite file that is not there would be created by the driver. */
function assertFileExists(url: string): void {
  const location = parseStoreUrl(url);
  if (location.kind === 'sqlite' && location.path !== ':memory:' && !existsSync(resolve(location.path))) {
    throw missingStore(`SQLite ${resolve(location.path)}`, 'does not exist');
  }
}

/** After connecting: the database must hold Mamori's migration table (in the schema searched). */
async function assertMigrated(handle: DatabaseHandle): Promise<void> {
  const found =
    handle.dialect === 'postgres'
      ? ((await sql<{ t: string | null }>`select to_regclass(${MIGRATION_TABLE})::text as t`.execute(handle.db)).rows[0]
          ?.t ?? null)
      : ((
          await sql<{
            t: string;
          }>`select name as t from sqlite_master where type = 'table' and name = ${MIGRATION_TABLE}`.execute(handle.db)
        ).rows[0]?.t ?? null);
  if (found === null) throw missingStore(handle.target, 'is not a Mamori database (it has no migrations)');
}

/**
 * Open the store named by the URL and check it answers, so a wrong URL or a stopped server fails here
 * with a StoreUnavailableError / StoreConfigError rather than on the first query. Call migrate() next.
 */
export async function openStore(options: OpenStoreOptions): Promise<EstateStore> {
  return (await openStoreWithHandle(options)).store;
}

/**
 * As openStore, also returning the database handle, for stores of later stages (the evidence
 * ledger) that must share its connection: two SQLite connections in one process can deadlock.
 */
export async function openStoreWithHandle(
  options: OpenStoreOptions,
): Promise<{ store: EstateStore; handle: DatabaseHandle }> {
  const { url, existingOnly, ...rest } = options;
  const databaseOptions: DatabaseOptions = rest;
  if (existingOnly === true) assertFileExists(url);
  const handle = openDatabase(url, databaseOptions);
  try {
    await sql`select 1`.execute(handle.db);
    if (existingOnly === true) await assertMigrated(handle);
  } catch (err) {
    await handle.db.destroy().catch(() => undefined);
    if (err instanceof StoreUnavailableError) throw err;
    throw (
      classifyStoreError(err, handle.target) ??
      new StoreUnavailableError(
        `Cannot use ${handle.target}: check the store URL and that the server is running.`,
        'unreachable',
        { cause: err },
      )
    );
  }
  return { store: new KyselyEstateStore(handle), handle };
}

/** Throws StoreUnavailableError unless the store exists and Mamori set it up; creates nothing. */
export async function assertStoreExists(options: Omit<OpenStoreOptions, 'existingOnly'>): Promise<void> {
  const { store } = await openStoreWithHandle({ ...options, existingOnly: true });
  await store.close();
}
