/**
 * The one write lock, on both databases: read-decide-write steps from two handles (two pools, as two
 * processes have) never lose an update, and a step that fails leaves nothing behind and frees the lock.
 */
import { setImmediate as tick } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { onBothDatabases, testEnv, type Backend, type OpenTestDatabase, type TestDatabase } from './both-databases.ts';
import type { DatabaseHandle } from './database.ts';
import { withWriteLock, type WriteLock } from './write-lock.ts';

async function counter<DB>(db: Kysely<DB>, id: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`select n from lock_probe where id = ${id}`.execute(db);
  return Number(rows[0]?.n);
}

/** Reads, yields to everything else in flight, then writes what it read plus one. */
function increment(handle: DatabaseHandle, lock: WriteLock, id: number): Promise<void> {
  return withWriteLock(handle, handle.db, lock, async (trx) => {
    const n = await counter(trx, id);
    await tick();
    await sql`update lock_probe set n = ${n + 1} where id = ${id}`.execute(trx);
  });
}

function runSuite(backend: Backend, open: OpenTestDatabase): void {
  describe(`write lock: ${backend}`, () => {
    let fx: TestDatabase;
    let other: { handle: DatabaseHandle; close(): Promise<void> };
    beforeEach(async () => {
      fx = await open();
      // Creates the PostgreSQL schema the probe table goes in.
      await fx.store.migrate();
      await fx.exec('create table lock_probe (id integer primary key, n integer not null)');
      await fx.exec('insert into lock_probe (id, n) values (1, 0), (2, 0)');
      const reopened = await fx.reopen();
      other = { handle: reopened.handle, close: () => reopened.store.close() };
    });
    afterEach(async () => {
      await other.close();
      await fx.cleanup();
    });

    it('loses no update when two handles read, decide and write at once', async () => {
      const lock = { name: 'mamori.test.counter' };
      await Promise.all(
        Array.from({ length: 30 }, (_, i) => increment(i % 2 === 0 ? fx.handle : other.handle, lock, 1)),
      );
      expect(await counter(fx.handle.db, 1)).toBe(30);
    });

    it('locks items of one name apart, each exactly', async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          increment(i % 2 === 0 ? fx.handle : other.handle, { name: 'mamori.test.item', id: 1 + (i % 2) }, 1 + (i % 2)),
        ),
      );
      expect([await counter(fx.handle.db, 1), await counter(fx.handle.db, 2)]).toEqual([10, 10]);
    });

    it('rolls a failed step back, rethrows its error and frees the lock', async () => {
      const lock = { name: 'mamori.test.rollback' };
      const failed = withWriteLock(fx.handle, fx.handle.db, lock, async (trx) => {
        await sql`update lock_probe set n = 99 where id = 1`.execute(trx);
        throw new Error('decided against it');
      });
      await expect(failed).rejects.toThrow('decided against it');
      expect(await counter(fx.handle.db, 1)).toBe(0);
      await increment(other.handle, lock, 1);
      expect(await counter(fx.handle.db, 1)).toBe(1);
    });
  });
}

await onBothDatabases('write lock', testEnv(process.env), runSuite);
