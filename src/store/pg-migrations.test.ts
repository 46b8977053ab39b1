/**
 * PostgreSQL only: migrations from several pools at once, and int8 columns read as numbers without
 * touching the process-wide pg parsers.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { onPostgres, testEnv } from './both-databases.ts';
import { T0 } from './estate-fixtures.ts';
import { openStore } from './open-store.ts';
import { dropPgSchema, uniqueSchemaName, withPgClient } from './test-support.ts';

await onPostgres('PostgreSQL migrations', testEnv(process.env), (PG_URL) => {
  describe('PostgreSQL migrations', () => {
    it('lets concurrent migrate() calls from separate pools all succeed', async () => {
      const schema = uniqueSchemaName();
      const stores = await Promise.all([1, 2, 3].map(() => openStore({ url: PG_URL, pgSchema: schema })));
      try {
        await Promise.all(stores.map((s) => s.migrate()));
        const rows = await withPgClient(
          PG_URL,
          schema,
          async (c) => (await c.query<{ name: string }>('select name from mamori_migration')).rows,
        );
        expect(rows).toEqual([
          { name: '0001-initial' },
          { name: '0002-site-findings' },
          { name: '0003-evidence' },
          { name: '0004-render' },
          { name: '0005-incidents' },
          { name: '0007-auth' },
          { name: '0008-intel' },
          { name: '0009-tokens-audit' },
          { name: '0010-console' },
          { name: '0011-render-baseline-shot' },
          { name: '0012-outbox-channel-figures' },
          { name: '0014-paused-pages' },
          { name: '0015-check-rollups' },
          { name: '0016-case-work' },
          { name: '0017-site-watch' },
          { name: '0020-vantage-reports' },
          { name: '0021-vantage-jobs' },
          { name: '0022-baseline-facts' },
          { name: '0023-check-runs' },
          { name: '0024-page-baselines' },
        ]);
        const org = await stores[0]!.upsertOrganisation({ slug: 'a', name: 'A' }, T0);
        expect(await stores[2]!.getOrganisation(org.id)).toEqual(org);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
        await dropPgSchema(PG_URL, schema);
      }
    });

    it('returns int8 columns as numbers without touching the global pg parsers', async () => {
      const schema = uniqueSchemaName();
      const store = await openStore({ url: PG_URL, pgSchema: schema });
      try {
        await store.migrate();
        const org = await store.upsertOrganisation({ slug: 'a', name: 'A' }, 2 ** 52);
        expect(org.createdAt).toBe(2 ** 52);
        expect(typeof org.id).toBe('number');
        const parseInt8 = pg.types.getTypeParser(pg.types.builtins.INT8) as (value: string) => unknown;
        expect(parseInt8('5')).toBe('5');
      } finally {
        await store.close();
        await dropPgSchema(PG_URL, schema);
      }
    });
  });
});
