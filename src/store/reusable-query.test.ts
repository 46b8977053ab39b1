/**
 * reusableQuery on SQLite and a real PostgreSQL: a query compiled once runs with each call's own
 * arguments, keeps the constants its builder added, and refuses an argument that is not a parameter.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { onBothDatabases, testEnv, type Backend, type OpenTestDatabase, type TestDatabase } from './both-databases.ts';
import { seedPage } from './estate-fixtures.ts';
import { reusableQuery } from './reusable-query.ts';

function runReusableQuery(backend: Backend, open: OpenTestDatabase): void {
  describe(`reusableQuery: ${backend}`, () => {
    let fx: TestDatabase;
    beforeEach(async () => {
      fx = await open();
      await fx.store.migrate();
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    it('binds each call’s arguments where the builder put them, constants kept', async () => {
      const a = await seedPage(fx.store, 'https://www.mof.go.jp/a');
      const b = await seedPage(fx.store, 'https://www.mof.go.jp/b');
      const { db } = fx.handle;
      let builds = 0;
      // The constant 'pending' comes between the two arguments among the compiled parameters.
      const query = reusableQuery(2, (url: string, id: number) => {
        builds += 1;
        return db
          .selectFrom('pages')
          .select(['id', 'url'])
          .where((eb) => eb.or([eb('url', '=', url), eb.and([eb('status', '=', 'pending'), eb('id', '=', id)])]))
          .orderBy('id');
      });
      const run = async (url: string, id: number) => (await db.executeQuery(query(url, id))).rows.map((r) => r.url);
      expect(await run(a.url, -1)).toEqual([a.url]);
      expect(await run('https://nowhere.example/', b.id)).toEqual([b.url]);
      expect(await run(a.url, b.id)).toEqual([a.url, b.url]);
      await db.updateTable('pages').set({ status: 'unchanged' }).where('id', '=', b.id).execute();
      expect(await run('https://nowhere.example/', b.id)).toEqual([]);
      expect(builds).toBe(1);
      // The same arguments as an array: the same statement and parameters, nothing built again.
      expect(query.withArgs(['https://nowhere.example/', b.id])).toEqual(query('https://nowhere.example/', b.id));
      const byArray = await db.executeQuery(query.withArgs([a.url, b.id]));
      expect(byArray.rows.map((r) => r.url)).toEqual([a.url]);
      expect(builds).toBe(1);
    });

    it('refuses a query that leaves an argument out', () => {
      const { db } = fx.handle;
      // The second argument never reaches the query: later calls would ignore it.
      const query = reusableQuery(2, (id: number, _ignored: number) =>
        db.selectFrom('pages').selectAll().where('id', '=', id),
      );
      expect(() => query(1, 2)).toThrow(/not a parameter/);
      const loose = query as unknown as (...args: number[]) => unknown;
      expect(() => loose(1)).toThrow(/1 arguments for 2/);
    });
  });
}

await onBothDatabases('reusableQuery', testEnv(process.env), runReusableQuery);
