/**
 * The one both-databases test harness: every store test runs its suite against SQLite (a fresh file)
 * and a real PostgreSQL (a fresh schema per test), the way hono's router suites run one case list
 * against every router. Without a PostgreSQL server the PostgreSQL half is skipped with a message,
 * except under CI (CI=true or CI=1), where it fails: CI must cover both. For tests only (it registers
 * vitest suites); test files pass `testEnv(process.env)`, as only tests and src/config read it.
 */
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { describe, it } from 'vitest';
import type { DatabaseHandle } from './database.ts';
import { openStoreWithHandle } from './open-store.ts';
import {
  DEFAULT_TEST_POSTGRES_URL,
  dropPgSchema,
  makeTempDir,
  probePostgres,
  uniqueSchemaName,
  withPgClient,
} from './test-support.ts';
import type { EstateStore } from './types.ts';

export type Backend = 'sqlite' | 'postgres';

export interface TestEnv {
  /** MAMORI_TEST_POSTGRES_URL, or the default `postgres://postgres@127.0.0.1:5432/test`. */
  pgUrl: string;
  /** Whether a missing PostgreSQL fails the run instead of skipping its half. */
  ci: boolean;
}

/** The one rule for "CI": CI=true or CI=1 (any case, spaces ignored); anything else, or unset, is not. */
export function isCi(value: string | undefined): boolean {
  const v = value?.trim().toLowerCase();
  return v === 'true' || v === '1';
}

export function testEnv(env: Readonly<Record<string, string | undefined>>): TestEnv {
  return { pgUrl: env.MAMORI_TEST_POSTGRES_URL ?? DEFAULT_TEST_POSTGRES_URL, ci: isCi(env.CI) };
}

/** What one test gets: a fresh, unmigrated database with the estate store open on it. */
export interface TestDatabase {
  backend: Backend;
  store: EstateStore;
  handle: DatabaseHandle;
  /** Opens this database again: the options for openStoreWithHandle (or a child process). */
  location: { url: string; pgSchema?: string };
  /** Another store on the same database: its own connection or pool, as a second process has. */
  reopen(): Promise<{ store: EstateStore; handle: DatabaseHandle }>;
  /** Raw SQL (several statements allowed) on its own connection, for seeding large data sets quickly. */
  exec(sqlText: string): Promise<void>;
  /** Closes the store and removes the database (file or schema). */
  cleanup(): Promise<void>;
}

export type OpenTestDatabase = () => Promise<TestDatabase>;

/**
 * Registers `suite` once per backend. `suite` names its describe blocks with `backend` and calls
 * `open` in its own beforeEach (and `cleanup` in afterEach).
 */
export async function onBothDatabases(
  name: string,
  env: TestEnv,
  suite: (backend: Backend, open: OpenTestDatabase) => void,
): Promise<void> {
  suite('sqlite', openSqlite);
  await onPostgres(name, env, (pgUrl) => suite('postgres', () => openPostgres(pgUrl)));
}

/**
 * Registers `suite` when PostgreSQL at `env.pgUrl` answers. Otherwise, under CI, a test that fails
 * saying why; outside CI, a warning and a skipped test that say what was not covered.
 */
export async function onPostgres(name: string, env: TestEnv, suite: (pgUrl: string) => void): Promise<void> {
  const problem = await probePostgres(env.pgUrl);
  if (problem === null) {
    suite(env.pgUrl);
    return;
  }
  if (env.ci) {
    describe(`${name}: postgres`, () => {
      it('needs a reachable PostgreSQL under CI', () => {
        throw new Error(`PostgreSQL at ${env.pgUrl} is unreachable (${problem}); CI must run the PostgreSQL half.`);
      });
    });
    return;
  }
  console.warn(
    `Skipping ${name} on PostgreSQL: ${env.pgUrl} is unreachable (${problem}). Set MAMORI_TEST_POSTGRES_URL to run it.`,
  );
  // Reported as skipped (not silently absent) so a local run shows what it did not cover.
  describe.skip(`${name}: postgres (unreachable: ${problem})`, () => {
    it('needs a reachable PostgreSQL', () => undefined);
  });
}

async function openSqlite(): Promise<TestDatabase> {
  const dir = await makeTempDir();
  // In a directory that does not exist yet: opening creates it.
  const file = join(dir.path, 'nested', 'mamori.db');
  const location = { url: `sqlite:${file}` };
  const { store, handle } = await openStoreWithHandle(location);
  return {
    backend: 'sqlite',
    store,
    handle,
    location,
    reopen: () => openStoreWithHandle(location),
    exec: (sqlText) => {
      const raw = new SqliteDatabase(file);
      try {
        raw.exec(sqlText);
      } finally {
        raw.close();
      }
      return Promise.resolve();
    },
    cleanup: async () => {
      await store.close();
      await dir.remove();
    },
  };
}

async function openPostgres(pgUrl: string): Promise<TestDatabase> {
  const location = { url: pgUrl, pgSchema: uniqueSchemaName() };
  const { store, handle } = await openStoreWithHandle(location);
  return {
    backend: 'postgres',
    store,
    handle,
    location,
    reopen: () => openStoreWithHandle(location),
    exec: (sqlText) => withPgClient(pgUrl, location.pgSchema, async (client) => void (await client.query(sqlText))),
    cleanup: async () => {
      await store.close();
      await dropPgSchema(pgUrl, location.pgSchema);
    },
  };
}
