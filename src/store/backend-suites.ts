/**
 * Run one test suite against both backends: a fresh SQLite file and a fresh PostgreSQL schema per
 * test. Without a PostgreSQL server the PostgreSQL half is skipped with a message, except under CI,
 * where it fails. For tests only (it registers vitest suites); the environment comes in as arguments.
 */
import { join } from 'node:path';
import { describe, it } from 'vitest';
import type { DatabaseHandle } from './database.ts';
import { openStoreWithHandle } from './open-store.ts';
import { dropPgSchema, makeTempDir, probePostgres, uniqueSchemaName } from './test-support.ts';
import type { EstateStore } from './types.ts';

export interface BackendFixture {
  store: EstateStore;
  handle: DatabaseHandle;
  cleanup(): Promise<void>;
}

export type OpenBackend = () => Promise<BackendFixture>;

export interface BackendEnv {
  pgUrl: string;
  ci: boolean;
}

/** Registers `suite` once per backend; `suite` calls `open` in its own beforeEach. */
export async function onBothBackends(
  name: string,
  env: BackendEnv,
  suite: (backend: 'sqlite' | 'postgres', open: OpenBackend) => void,
): Promise<void> {
  suite('sqlite', async () => {
    const dir = await makeTempDir();
    const { store, handle } = await openStoreWithHandle({ url: `sqlite:${join(dir.path, 'test.db')}` });
    return {
      store,
      handle,
      cleanup: async () => {
        await store.close();
        await dir.remove();
      },
    };
  });
  const problem = await probePostgres(env.pgUrl);
  if (problem === null) {
    suite('postgres', async () => {
      const schema = uniqueSchemaName();
      const { store, handle } = await openStoreWithHandle({ url: env.pgUrl, pgSchema: schema });
      return {
        store,
        handle,
        cleanup: async () => {
          await store.close();
          await dropPgSchema(env.pgUrl, schema);
        },
      };
    });
    return;
  }
  describe.skipIf(!env.ci)(`${name}: postgres`, () => {
    it('needs a PostgreSQL server', () => {
      throw new Error(`PostgreSQL at ${env.pgUrl} is required under CI: ${problem}`);
    });
  });
}
