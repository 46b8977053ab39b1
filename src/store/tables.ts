/**
 * The one way stores type their tables. The estate's own tables are `Database` (database.ts). Every
 * later stage declares its tables beside its store, in its folder's `tables.ts`: one `XxxTable`
 * interface per table, gathered in a type alias `XxxTables` (an alias, not an interface: Kysely's
 * withTables wants an indexable record), joined to the shared handle by `Repository<XxxTables>`.
 * Identity columns are `Generated<number>`, times `EpochMs`, JSON columns strings that the store's
 * row mapping parses; read rows are `Selectable<XxxTable>`.
 */
import type { Kysely } from 'kysely';
import type { Database, DatabaseHandle } from './database.ts';

/** Epoch milliseconds: bigint in PostgreSQL (read back as a JS number), integer in SQLite. */
export type EpochMs = number;

/** A stage's tables by name, as its `XxxTables` alias declares them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's own bound for withTables.
export type TableSet = Record<string, Record<string, any>>;

/** The shared handle's Kysely seen with a stage's tables beside the estate's. */
export type Db<Tables extends TableSet = Record<never, never>> = Kysely<Database & Tables>;

/** Types the shared handle's Kysely with `Tables` as well: no cast, no second connection. */
export function withTables<Tables extends TableSet>(handle: DatabaseHandle): Db<Tables> {
  return handle.db.withTables<Tables>();
}
