/**
 * Case work on incidents (issue 19): analysts' notes (who wrote what, when; append-only from the
 * application's side) and one assignee per incident. Tables of their own rather than columns on
 * `incidents`, so the rollup's reads and writes stay as they are. Rows go with their incident.
 */
import type { ColumnDataType, CreateTableBuilder, Kysely, Migration } from 'kysely';
import { PostgresAdapter } from 'kysely';

// Migrations must not depend on the current table typings, which will move on.
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

export const migration0016CaseWork: Migration = {
  async up(db: AnyDb): Promise<void> {
    const t = typesFor(db);
    await t
      .withId(db.schema.createTable('incident_notes'))
      .addColumn('incident_id', t.int64, (c) => c.notNull().references('incidents.id').onDelete('cascade'))
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('created_at', t.int64, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('incident_notes_incident').on('incident_notes').column('incident_id').execute();
    await db.schema
      .createTable('incident_assignees')
      .addColumn('incident_id', t.int64, (c) => c.primaryKey().references('incidents.id').onDelete('cascade'))
      .addColumn('assignee', 'text', (c) => c.notNull())
      .addColumn('assigned_by', 'text', (c) => c.notNull())
      .addColumn('assigned_at', t.int64, (c) => c.notNull())
      .execute();
  },
  async down(db: AnyDb): Promise<void> {
    await db.schema.dropTable('incident_assignees').execute();
    await db.schema.dropTable('incident_notes').execute();
  },
};
