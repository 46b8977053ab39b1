/**
 * Accounts and sessions (issue 7). Sessions are stored by the SHA-256 of their cookie value, so a
 * copy of the database does not let anyone log in. Numbered 0007: 0006 belongs to the threats work.
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

export const migration0007Auth: Migration = {
  async up(db: AnyDb): Promise<void> {
    const t = typesFor(db);
    await t
      .withId(db.schema.createTable('users'))
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      // JSON array of organisation ids (members and investigators); ignored for admin and analyst.
      .addColumn('organisation_ids', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('locale', 'text', (c) => c.notNull().defaultTo('ja'))
      .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('Asia/Tokyo'))
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', t.int64, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('sessions')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', t.int64, (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created_at', t.int64, (c) => c.notNull())
      .addColumn('expires_at', t.int64, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();
  },
  async down(db: AnyDb): Promise<void> {
    await db.schema.dropTable('sessions').execute();
    await db.schema.dropTable('users').execute();
  },
};
