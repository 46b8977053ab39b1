/**
 * What every store over the shared database handle is built from (the estate store, incidents,
 * evidence, intel, auth, the outbox, render states, target control): its tables typed one way, driver
 * errors turned into StoreErrors one way, and the one write lock. A store extends `Repository<Tables>`
 * and writes only its queries.
 */
import type { DatabaseHandle, SqlDialect } from './database.ts';
import { withStoreErrors } from './errors.ts';
import { withTables, type Db, type TableSet } from './tables.ts';
import { withWriteLock, type WriteLock } from './write-lock.ts';

export abstract class Repository<Tables extends TableSet = Record<never, never>> {
  readonly dialect: SqlDialect;
  protected readonly handle: DatabaseHandle;
  /** The shared connection, typed with the estate's tables and this store's. */
  protected readonly db: Db<Tables>;

  constructor(handle: DatabaseHandle) {
    this.handle = handle;
    this.dialect = handle.dialect;
    this.db = withTables<Tables>(handle);
  }

  /** Runs a database operation, turning driver errors into StoreErrors that say what to do. */
  protected run<T>(operation: () => Promise<T>): Promise<T> {
    return withStoreErrors(this.handle.target, operation);
  }

  /** Runs `fn` in one transaction holding `lock` (see write-lock.ts), errors turned as by `run`. */
  protected locked<T>(lock: WriteLock, fn: (trx: Db<Tables>) => Promise<T>): Promise<T> {
    return this.run(() => withWriteLock(this.handle, this.db, lock, fn));
  }
}
