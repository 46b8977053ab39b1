/**
 * SQLite's one connection, read directly when no one holds it. Every check reads two rows (its page's
 * head, its incident rollup state) through Kysely's connection hand-off: the provider, the driver's
 * mutex and their promises, about 2.5 KB and four async frames a read, for a statement better-sqlite3
 * runs synchronously in a few microseconds (issue 21).
 *
 * When the connection is idle (no holder, no waiter) and no transaction is open on it, running the
 * statement at once is what the hand-off would do: it would take the free mutex, run the statement
 * and release it, and nothing can run in between a synchronous call. A statement asked for while
 * another holds or waits for the connection still waits its turn, so a read never overtakes a write
 * queued before it, nor sees a transaction's uncommitted rows.
 */
import type SqliteDatabase from 'better-sqlite3';
import {
  Kysely,
  SqliteDialect,
  SqliteDriver,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type SqliteDatabase as KyselySqliteDatabase,
} from 'kysely';

/** Kysely's SQLite driver, counting who holds or waits for its one connection. */
class TrackedSqliteDriver extends SqliteDriver {
  /** Acquisitions asked for and not yet released: the holder and its waiters. */
  #claims = 0;
  /** Between Kysely's init and destroy: outside it, a statement goes the usual way and fails as it did. */
  #open = false;

  override async init(): Promise<void> {
    await super.init();
    this.#open = true;
  }

  override destroy(): Promise<void> {
    this.#open = false;
    return super.destroy();
  }

  override acquireConnection(): Promise<DatabaseConnection> {
    // Counted when asked for, not when granted: a waiter is a claim too.
    this.#claims += 1;
    return super.acquireConnection();
  }

  override releaseConnection(): Promise<void> {
    this.#claims -= 1;
    return super.releaseConnection();
  }

  get idle(): boolean {
    return this.#open && this.#claims === 0;
  }
}

/** The statements a direct run needs: Kysely's view of the database plus whether a transaction is open. */
export interface DirectSqliteDatabase extends KyselySqliteDatabase {
  readonly inTransaction: boolean;
}

/** Runs a statement at once when the connection is idle; null when it must wait its turn. */
export class DirectRunner {
  readonly #database: DirectSqliteDatabase;
  #driver: TrackedSqliteDriver | null = null;

  constructor(database: DirectSqliteDatabase) {
    this.#database = database;
  }

  /** @internal Set once by the dialect, when Kysely makes its driver. */
  attach(driver: TrackedSqliteDriver): void {
    this.#driver = driver;
  }

  /** As Kysely's SqliteConnection.executeQuery, with a failure as a rejected promise as it would be. */
  runIfIdle<R>(query: CompiledQuery<R>): Promise<QueryResult<R>> | null {
    if (this.#driver === null || !this.#driver.idle || this.#database.inTransaction) return null;
    try {
      const statement = this.#database.prepare(query.sql);
      if (statement.reader) return Promise.resolve({ rows: statement.all(query.parameters) as R[] });
      const { changes, lastInsertRowid } = statement.run(query.parameters);
      return Promise.resolve({
        numAffectedRows: BigInt(changes),
        insertId: BigInt(lastInsertRowid),
        rows: [],
      });
    } catch (error) {
      // Whatever better-sqlite3 threw, unchanged, as the hand-off's async frames would reject with it.
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      return Promise.reject(error);
    }
  }
}

/** Kysely's SQLite dialect with a driver a DirectRunner can ask whether the connection is idle. */
export class DirectSqliteDialect extends SqliteDialect {
  readonly #runner: DirectRunner;
  readonly #database: DirectSqliteDatabase;

  constructor(database: DirectSqliteDatabase, runner: DirectRunner) {
    super({ database });
    this.#database = database;
    this.#runner = runner;
  }

  override createDriver(): Driver {
    const driver = new TrackedSqliteDriver({ database: this.#database });
    this.#runner.attach(driver);
    return driver;
  }
}

/** Runners by Kysely executor: `withTables` copies share it, a transaction has its own (and none here). */
const runners = new WeakMap<object, DirectRunner>();

/** A Kysely over better-sqlite3 whose idle connection `directRunner` can use. */
export function directSqliteKysely<DB>(sqlite: SqliteDatabase.Database, database: KyselySqliteDatabase): Kysely<DB> {
  const direct: DirectSqliteDatabase = {
    close: () => database.close(),
    prepare: (sql) => database.prepare(sql),
    get inTransaction() {
      return sqlite.inTransaction;
    },
  };
  const runner = new DirectRunner(direct);
  const db = new Kysely<DB>({ dialect: new DirectSqliteDialect(direct, runner) });
  runners.set(db.getExecutor(), runner);
  return db;
}

/** The runner of `db`'s idle connection, or null (PostgreSQL, a transaction, a Kysely made otherwise). */
export function directRunner<DB>(db: Kysely<DB>): DirectRunner | null {
  return runners.get(db.getExecutor()) ?? null;
}
