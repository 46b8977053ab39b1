/**
 * Runs the numbered migrations with Kysely's Migrator, serialised so that several processes starting
 * at once (API + watcher, or a rolling deploy) can all call migrate() safely.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Migration, MigrationResultSet } from 'kysely';
import { Migrator, sql } from 'kysely';
import type { Database, DatabaseHandle } from './database.ts';
import { StoreMigrationError, StoreUnavailableError, classifyStoreError } from './errors.ts';
import { MIGRATIONS } from './migrations/index.ts';

const MIGRATION_TABLE = 'mamori_migration';
const MIGRATION_LOCK_TABLE = 'mamori_migration_lock';

/** Apply all pending migrations. Throws StoreMigrationError or StoreUnavailableError. */
export async function runMigrations(
  handle: DatabaseHandle,
  migrations: Readonly<Record<string, Migration>> = MIGRATIONS,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      if (handle.dialect === 'postgres') await migratePostgres(handle, migrations);
      else await migrateSqlite(handle, migrations);
      return;
    } catch (err) {
      if (attempt < 3 && handle.dialect === 'postgres' && isVanishedRelation(err)) continue;
      throw asMigrationError(err, handle.target);
    }
  }
}

/**
 * Kysely's migrator looks for its table with an introspection query over every schema of the
 * database; a schema dropped by someone else at that moment (another instance's test schema, an
 * admin) fails it with "relation does not exist" (42P01). Nothing was applied then: try again.
 */
function isVanishedRelation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++)
    if ((e as { code?: unknown }).code === '42P01') return true;
  return false;
}

function makeMigrator(
  db: Kysely<Database>,
  migrations: Readonly<Record<string, Migration>>,
  schema?: string,
): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve({ ...migrations }) },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    // Work lands from parallel branches: a migration numbered below one already applied (0008 after
    // 0009) still runs, once, instead of stopping every start. Each touches only its own tables.
    allowUnorderedMigrations: true,
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
}

/**
 * SQLite: one BEGIN IMMEDIATE transaction around everything. IMMEDIATE takes the write lock up front
 * (waiting busy_timeout for other processes), so two processes can't both read "not migrated" and
 * then race. Kysely treats SQLite DDL as non-transactional and would otherwise run without one.
 */
async function migrateSqlite(handle: DatabaseHandle, migrations: Readonly<Record<string, Migration>>): Promise<void> {
  await handle.db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      throwIfFailed(await makeMigrator(conn, migrations).migrateToLatest());
      await sql`commit`.execute(conn);
    } catch (err) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw err;
    }
  });
}

/**
 * PostgreSQL: a session advisory lock keyed by schema, held on one connection for the whole run, so
 * concurrent starters wait instead of racing on CREATE TABLE. Kysely's migrator then runs the
 * migrations themselves in one transaction on that same connection.
 */
async function migratePostgres(handle: DatabaseHandle, migrations: Readonly<Record<string, Migration>>): Promise<void> {
  await handle.db.connection().execute(async (conn) => {
    const schema = handle.pgSchema ?? (await currentSchema(conn));
    const key = advisoryKey(`mamori.migrate.${schema}`);
    await sql`select pg_advisory_lock(${key}::bigint)`.execute(conn);
    try {
      await sql`create schema if not exists ${sql.id(schema)}`.execute(conn);
      // Naming the schema matters: Kysely looks for its migration table in every schema, and would
      // otherwise find another schema's table and then fail to read it through search_path.
      throwIfFailed(await migrateIgnoringOtherSchemasDrops(conn, migrations, schema));
    } finally {
      // If the connection broke, the server has already dropped the session lock.
      await sql`select pg_advisory_unlock(${key}::bigint)`.execute(conn).catch(() => undefined);
    }
  });
}

/** How many times a run is repeated when another schema vanished under Kysely's introspection. */
const OTHER_SCHEMA_DROPPED_RETRIES = 5;

/**
 * Kysely finds its migration table by introspecting every table of every schema, calling
 * pg_get_serial_sequence on each: when another tenant's schema is dropped during that query, it fails
 * with 3F000 ("schema … does not exist"), or with 42703 when one of its tables goes between the
 * catalogue scan and that call, although our schema is fine. Nothing was applied by then (the
 * migrations themselves run later, in one transaction), so the run is simply repeated.
 */
async function migrateIgnoringOtherSchemasDrops(
  conn: Kysely<Database>,
  migrations: Readonly<Record<string, Migration>>,
  schema: string,
): Promise<MigrationResultSet> {
  for (let attempt = 1; ; attempt++) {
    const result = await makeMigrator(conn, migrations, schema).migrateToLatest();
    if (attempt > OTHER_SCHEMA_DROPPED_RETRIES || !isOtherSchemaDropped(result, schema)) return result;
  }
}

export function isOtherSchemaDropped(result: MigrationResultSet, schema: string): boolean {
  const error = result.error as { code?: unknown; message?: unknown; routine?: unknown } | undefined;
  if (result.results?.some((r) => r.status !== 'NotExecuted')) return false;
  if (error?.code === '3F000') return typeof error.message === 'string' && !error.message.includes(`"${schema}"`);
  // A table dropped with its schema between the introspection's catalogue scan and its call of
  // pg_get_serial_sequence for one of the table's columns: "column … of relation … does not exist"
  // (42703), raised inside that function. Our own tables cannot be changing: we hold the schema's lock.
  return (error?.code === '42703' || error?.code === '42P01') && error.routine === 'pg_get_serial_sequence';
}

async function currentSchema(conn: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(conn);
  const schema = rows[0]?.schema;
  if (!schema)
    throw new StoreMigrationError(
      'No PostgreSQL schema is selected (empty search_path): set the pgSchema option.',
      null,
      { cause: null },
    );
  return schema;
}

/** A stable signed 64-bit lock key, passed as text so it survives JS number precision. */
function advisoryKey(name: string): string {
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}

class FailedMigration extends Error {
  constructor(
    readonly migrationName: string | null,
    options: { cause: unknown },
  ) {
    super('migration failed', options);
  }
}

function throwIfFailed(result: MigrationResultSet): void {
  if (result.error === undefined) return;
  const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? null;
  throw new FailedMigration(failed, { cause: result.error });
}

function asMigrationError(err: unknown, target: string): Error {
  const cause = err instanceof FailedMigration ? err.cause : err;
  const classified = classifyStoreError(cause, target);
  // A database we cannot reach or lock is a retry-later problem, not a broken schema.
  if (classified instanceof StoreUnavailableError || classified instanceof StoreMigrationError) return classified;
  const name = err instanceof FailedMigration ? err.migrationName : null;
  const message = cause instanceof Error ? cause.message : String(cause);
  const unknown = /previously executed migration (\S+) is missing/.exec(message)?.[1];
  if (unknown !== undefined) {
    return new StoreMigrationError(
      `${target} was migrated by a newer Mamori (it has migration ${unknown}, unknown to this version): upgrade Mamori or point it at another database.`,
      null,
      { cause },
    );
  }
  const which = name === null ? 'Preparing migrations' : `Migration ${name}`;
  return new StoreMigrationError(
    `${which} failed on ${target}: ${message}. No pending migration was applied; fix the cause and restart.`,
    name,
    { cause },
  );
}
