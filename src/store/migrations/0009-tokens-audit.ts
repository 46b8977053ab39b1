/**
 * API tokens and the audit log (issue 7). A token is stored by its SHA-256 only; the audit log is
 * append-only from the application's side (nothing updates or deletes its rows).
 */
import type { ColumnDataType, CreateTableBuilder, Kysely, Migration } from 'kysely';
import { PostgresAdapter } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

interface Types {
  int64: ColumnDataType;
  withId: <T extends string>(table: CreateTableBuilder<T>) => CreateTableBuilder<T>;
}

function typesFor(db: AnyDb): Types {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    return {
      int64: 'bigint',
      withId: (t) => t.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity()),
    };
  }
  return { int64: 'integer', withId: (t) => t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()) };
}

export const migration0009TokensAudit: Migration = {
  async up(db: AnyDb): Promise<void> {
    const t = typesFor(db);
    await t
      .withId(db.schema.createTable('api_tokens'))
      .addColumn('user_id', t.int64, (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      // JSON array: ["read"] or ["read","write"].
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('created_at', t.int64, (c) => c.notNull())
      .addColumn('last_used_at', t.int64)
      .addColumn('expires_at', t.int64)
      .addColumn('revoked_at', t.int64)
      .execute();
    await db.schema.createIndex('api_tokens_user_idx').on('api_tokens').column('user_id').execute();

    await t
      .withId(db.schema.createTable('audit_log'))
      .addColumn('at', t.int64, (c) => c.notNull())
      // No foreign key: the record outlives the account.
      .addColumn('actor_id', t.int64)
      .addColumn('actor_username', 'text')
      .addColumn('via', 'text', (c) => c.notNull())
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('status', 'integer', (c) => c.notNull())
      .addColumn('target', 'text')
      .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
      .execute();
    await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
  },
  async down(db: AnyDb): Promise<void> {
    await db.schema.dropTable('audit_log').execute();
    await db.schema.dropTable('api_tokens').execute();
  },
};
