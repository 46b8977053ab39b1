/**
 * A read on SQLite's idle connection skips Kysely's hand-off (sqlite-direct.ts); one asked for while
 * the connection is held or waited for must still wait its turn: never overtake a write queued before
 * it, never see a transaction's uncommitted rows.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { openDatabase, type DatabaseHandle } from './database.ts';
import { runHeld, withHeldConnection } from './held-connection.ts';
import { directRunner } from './sqlite-direct.ts';

type Tables = {
  items: { id: number; name: string };
};

describe('reads on SQLite’s idle connection', () => {
  let handle: DatabaseHandle;
  let db: Kysely<Tables>;
  const count = () =>
    db
      .selectFrom('items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .compile();
  const countNow = async () => Number((await runHeld(db, count())).rows[0]!.n);

  beforeEach(async () => {
    handle = openDatabase(':memory:');
    db = handle.db.withTables<Tables>() as unknown as Kysely<Tables>;
    await sql`create table items (id integer primary key, name text not null)`.execute(db);
  });
  afterEach(async () => {
    await handle.db.destroy();
  });

  it('runs on the idle connection at once, and only there', async () => {
    expect(directRunner<Tables>(db)).not.toBeNull();
    await db.insertInto('items').values({ id: 1, name: 'a' }).execute();
    expect(directRunner<Tables>(db)!.runIfIdle(count())).not.toBeNull();
    expect(await countNow()).toBe(1);
    await db.transaction().execute(async (trx) => {
      // A transaction's own Kysely is never run around its connection.
      expect(directRunner<Tables>(trx)).toBeNull();
      expect(directRunner<Tables>(db)!.runIfIdle(count())).toBeNull();
      await trx.insertInto('items').values({ id: 2, name: 'b' }).execute();
    });
    expect(await countNow()).toBe(2);
  });

  it('never sees a transaction’s uncommitted rows', async () => {
    let inserted!: () => void;
    const insertedNow = new Promise<void>((resolve) => (inserted = resolve));
    let finish!: () => void;
    const finishing = new Promise<void>((resolve) => (finish = resolve));
    const rolledBack = db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('items').values({ id: 1, name: 'uncommitted' }).execute();
        inserted();
        await finishing;
        throw new Error('roll back');
      })
      .catch(() => 'rolled back');
    await insertedNow;
    const read = countNow();
    finish();
    expect(await rolledBack).toBe('rolled back');
    expect(await read).toBe(0);
  });

  it('never overtakes a statement queued before it', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let heldNow!: () => void;
    const holding = new Promise<void>((resolve) => (heldNow = resolve));
    // Held without a transaction: only the claim on the connection says it is not idle.
    const held = withHeldConnection(db, async () => {
      heldNow();
      await released;
    });
    await holding;
    const insert = db.insertInto('items').values({ id: 1, name: 'queued first' }).execute();
    const read = countNow();
    release();
    await held;
    await insert;
    expect(await read).toBe(1);
  });

  it('leaves a destroyed handle to Kysely, which refuses it as before', async () => {
    await db.insertInto('items').values({ id: 1, name: 'a' }).execute();
    await handle.db.destroy();
    expect(directRunner<Tables>(db)!.runIfIdle(count())).toBeNull();
    await expect(countNow()).rejects.toThrow(/destroyed/);
    handle = openDatabase(':memory:');
  });

  it('fails as a rejected promise, as the hand-off does', async () => {
    const bad = db
      .selectFrom('items')
      .select('id')
      .where(sql<boolean>`no_such_column = 1`)
      .compile();
    let thrown: unknown = null;
    const result = (() => {
      try {
        return runHeld(db, bad);
      } catch (error) {
        thrown = error;
        return null;
      }
    })();
    expect(thrown).toBeNull();
    await expect(result).rejects.toThrow(/no_such_column/);
  });
});
