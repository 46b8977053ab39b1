/** The open-existing-only mode: nothing is created, and a database Mamori never set up is refused. */
import { access, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { onPostgres, testEnv } from './both-databases.ts';
import { StoreUnavailableError } from './errors.ts';
import { assertStoreExists, openStoreWithHandle } from './open-store.ts';
import { dropPgSchema, makeTempDir, uniqueSchemaName } from './test-support.ts';

describe('openStoreWithHandle existingOnly (sqlite)', () => {
  it('refuses a missing file without creating it or its directory', async () => {
    const dir = await makeTempDir('mamori-open-existing-');
    try {
      const path = join(dir.path, 'sub', 'm.db');
      const err = await assertStoreExists({ url: `sqlite:${path}` }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreUnavailableError);
      expect((err as StoreUnavailableError).reason).toBe('misconfigured');
      expect((err as Error).message).toContain(path);
      await expect(access(join(dir.path, 'sub'))).rejects.toThrow();
    } finally {
      await dir.remove();
    }
  });

  it('refuses an empty file, and opens a migrated one', async () => {
    const dir = await makeTempDir('mamori-open-existing-');
    try {
      const path = join(dir.path, 'm.db');
      await writeFile(path, '');
      await expect(assertStoreExists({ url: path })).rejects.toThrow(/not a Mamori database/);
      const { store } = await openStoreWithHandle({ url: path });
      await store.migrate();
      await store.close();
      await expect(assertStoreExists({ url: path })).resolves.toBeUndefined();
    } finally {
      await dir.remove();
    }
  });
});

await onPostgres('openStoreWithHandle existingOnly', testEnv(process.env), (PG_URL) => {
  describe('openStoreWithHandle existingOnly (postgres)', () => {
    it('refuses a schema without migrations, opens it once migrated', async () => {
      const schema = uniqueSchemaName('mamori_exist');
      try {
        await expect(assertStoreExists({ url: PG_URL, pgSchema: schema })).rejects.toThrow(/not a Mamori database/);
        const { store } = await openStoreWithHandle({ url: PG_URL, pgSchema: schema });
        await store.migrate();
        await store.close();
        await expect(assertStoreExists({ url: PG_URL, pgSchema: schema })).resolves.toBeUndefined();
      } finally {
        await dropPgSchema(PG_URL, schema);
      }
    });
  });
});
