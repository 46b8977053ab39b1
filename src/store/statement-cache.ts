import type SqliteDatabase from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase } from 'kysely';

/**
 * better-sqlite3 behind Kysely with prepared statements reused by SQL text. Kysely prepares every
 * statement on every execution; the watch loop runs the same few statements per check, and preparing
 * them cost more CPU than running them. Safe because better-sqlite3 runs each statement to completion
 * synchronously (Kysely's streaming, which would hold a statement open, is not used here).
 */
export function cachingDatabase(sqlite: SqliteDatabase.Database, capacity = 256): KyselySqliteDatabase {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => {
      statements.clear();
      sqlite.close();
    },
    prepare: (sql: string) => {
      let statement = statements.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        // Queries with many parameters (IN lists) vary in text: keep the cache bounded, oldest out.
        if (statements.size >= capacity) statements.delete(statements.keys().next().value as string);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}
