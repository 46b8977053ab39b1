/**
 * The estate's table typings (later stages type theirs beside their stores: see tables.ts) and
 * connection set-up for both dialects. Everything above this file speaks Kysely
 * and never learns which database it is talking to, except through `DatabaseHandle.dialect`.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { Generated } from 'kysely';
import { Kysely, PostgresDialect } from 'kysely';
import { createRequire } from 'node:module';
import type PgModule from 'pg';
import { StoreConfigError, StoreUnavailableError, classifyStoreError } from './errors.ts';
import { directSqliteKysely } from './sqlite-direct.ts';
import { cachingDatabase } from './statement-cache.ts';
import type { EpochMs } from './tables.ts';

export interface OrganisationsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  /** JSON array of strings. */
  aliases: string;
  created_at: EpochMs;
}

export interface SitesTable {
  id: Generated<number>;
  organisation_id: number;
  origin: string;
  name: string;
  interval_seconds: number | null;
  created_at: EpochMs;
}

export interface PagesTable {
  id: Generated<number>;
  site_id: number;
  url: string;
  source: string;
  interval_seconds: number | null;
  status: Generated<string>;
  last_check_id: number | null;
  last_checked_at: EpochMs | null;
  last_body_sha256: string | null;
  /** The baseline's sample count, null exactly when the page has no baseline (migration 0022: what an unchanged check reads). */
  baseline_samples: number | null;
  /** The baseline's soft-404 streak, 0 without one (migration 0022). */
  baseline_soft404_streak: Generated<number>;
  /** 1 when the baseline is a held first sight, else 0 (migration 0022). */
  baseline_held: Generated<number>;
  created_at: EpochMs;
  /** Console status colour rank, 0 (tampered) to 5 (up): see core/console-status.ts (migration 0010). */
  health_rank: Generated<number>;
  /** The page's newest learnt title, for the overview's search (migration 0010). */
  title: string | null;
  /** URL and title, normalised for search (core/search-text.ts; migration 0010). */
  search_text: string | null;
}

/** A page's baseline, apart from its row (migration 0024); no row while the page has none. */
export interface PageBaselinesTable {
  page_id: number;
  /** JSON Baseline. */
  baseline: string;
}

export interface ChecksTable {
  id: Generated<number>;
  page_id: number;
  started_at: EpochMs;
  duration_ms: number;
  outcome: string;
  http_status: number | null;
  /** JSON RedirectHop[]. */
  redirects: string;
  /** JSON Record<string, string>. */
  headers: string;
  body_bytes: number | null;
  body_sha256: string | null;
  /** 1 while the body is kept in the blob store, 0 once retention dropped it. */
  body_kept: number;
  charset: string | null;
  remote_address: string | null;
  verdict: string;
  /** JSON Reason[]. */
  reasons: string;
  /** How many identical checks in a row the row stands for (migration 0023); 1 for most rows. */
  seen_count: Generated<number>;
  /** When the last of them started; null while the row stands for one check (then `started_at`). */
  last_seen_at: EpochMs | null;
  /** Their durations' sum and maximum; null while the row stands for one check (then `duration_ms`). */
  duration_ms_sum: number | null;
  duration_ms_max: number | null;
}

export interface SiteSourcesTable {
  id: Generated<number>;
  site_id: number;
  url: string;
  /** 'sitemap' (the only kind so far). */
  kind: Generated<string>;
  created_at: EpochMs;
  last_read_at: EpochMs | null;
}

export interface SiteFindingsTable {
  id: Generated<number>;
  site_id: number;
  url: string;
  /** JSON Reason[]. */
  reasons: string;
  created_at: EpochMs;
  resolved_at: EpochMs | null;
}

/** Pages per (site, console colour rank), kept by triggers on pages (migration 0010). */
export interface PageCountsTable {
  site_id: number;
  health_rank: number;
  n: number;
}

export interface Database {
  page_counts: PageCountsTable;
  organisations: OrganisationsTable;
  sites: SitesTable;
  pages: PagesTable;
  page_baselines: PageBaselinesTable;
  checks: ChecksTable;
  site_sources: SiteSourcesTable;
  site_findings: SiteFindingsTable;
}

export type SqlDialect = 'sqlite' | 'postgres';

export interface DatabaseOptions {
  /** PostgreSQL schema to work in (search_path). Default: the server's search_path. */
  pgSchema?: string;
  /** PostgreSQL pool size. Default 10. */
  poolSize?: number;
  /** How long to wait for a PostgreSQL connection before failing. Default 10 s. */
  connectTimeoutMs?: number;
  /** How long SQLite waits for a lock held by another connection before failing. Default 5 s. */
  busyTimeoutMs?: number;
  /**
   * Errors on idle pooled PostgreSQL connections (e.g. the server restarted). pg emits these on the
   * pool, where an unhandled 'error' event would crash the process; the broken client is discarded
   * either way and the next query reconnects.
   */
  onBackgroundError?: (error: unknown) => void;
}

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: SqlDialect;
  /** Human-readable name of the database for error messages; never contains a password. */
  target: string;
  /** The PostgreSQL schema given in the options, if any. */
  pgSchema: string | null;
}

export type StoreLocation = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/** `postgres://…`, `postgresql://…`, `sqlite:<path>`, `sqlite::memory:`, `:memory:` or a plain path. */
export function parseStoreUrl(url: string): StoreLocation {
  const trimmed = url.trim();
  if (trimmed === '') throw new StoreConfigError('The store URL is empty: give a file path or a postgres:// URL.');
  if (/^postgres(ql)?:\/\//i.test(trimmed)) return { kind: 'postgres', url: trimmed };
  if (/^sqlite:/i.test(trimmed)) {
    // `sqlite:///abs/path` and `sqlite://rel/path` are common spellings of `sqlite:/abs/path`.
    const path = trimmed.slice('sqlite:'.length).replace(/^\/\//, '');
    if (path === '') throw new StoreConfigError(`The store URL ${url} names no file.`);
    return { kind: 'sqlite', path };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed)?.[1];
  if (scheme !== undefined) {
    throw new StoreConfigError(
      `Unsupported store URL scheme "${scheme}": use postgres://, postgresql://, sqlite: or a file path.`,
    );
  }
  return { kind: 'sqlite', path: trimmed };
}

const PG_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function openDatabase(url: string, options: DatabaseOptions = {}): DatabaseHandle {
  const location = parseStoreUrl(url);
  if (location.kind === 'postgres') return openPostgres(location.url, options);
  if (options.pgSchema !== undefined)
    throw new StoreConfigError('The pgSchema option only applies to PostgreSQL stores.');
  return openSqlite(location.path, options);
}

function openSqlite(path: string, options: DatabaseOptions): DatabaseHandle {
  const inMemory = path === ':memory:';
  const target = inMemory ? 'SQLite :memory:' : `SQLite ${resolve(path)}`;
  let sqlite: SqliteDatabase.Database | undefined;
  try {
    if (!inMemory) mkdirSync(dirname(resolve(path)), { recursive: true });
    sqlite = new SqliteDatabase(path, { timeout: options.busyTimeoutMs ?? 5000 });
    // WAL lets readers (the API) run while the watcher writes; NORMAL is durable across app crashes
    // and loses at most the last transactions on power loss, which a monitor re-observes anyway.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
  } catch (err) {
    sqlite?.close();
    throw (
      classifyStoreError(err, target) ??
      new StoreUnavailableError(`Cannot open ${target}: fix the store path.`, 'misconfigured', { cause: err })
    );
  }
  // Reads on the idle connection skip Kysely's connection hand-off (sqlite-direct.ts).
  const db = directSqliteKysely<Database>(sqlite, cachingDatabase(sqlite));
  return { db, dialect: 'sqlite', target, pgSchema: null };
}

/** Parse int8 as a JS number: ids, counts and epoch milliseconds all fit well within 2^53. */
const INT8_OID = 20;

/**
 * The PostgreSQL driver, loaded on the first PostgreSQL connection: a process on SQLite never needs
 * it (about 14 MB of RSS). `openDatabase` is synchronous, hence `require` rather than `import()`.
 */
let pgDriver: { pg: typeof PgModule; types: PgModule.CustomTypesConfig } | null = null;
function loadPg(): { pg: typeof PgModule; types: PgModule.CustomTypesConfig } {
  if (pgDriver) return pgDriver;
  const pg = createRequire(import.meta.url)('pg') as typeof PgModule;
  const defaultParser = pg.types.getTypeParser as (oid: number, format?: string) => unknown;
  const types: PgModule.CustomTypesConfig = {
    getTypeParser: ((oid: number, format?: string): unknown =>
      oid === INT8_OID && format !== 'binary'
        ? (value: string) => Number(value)
        : defaultParser(oid, format)) as typeof pg.types.getTypeParser,
  };
  return (pgDriver = { pg, types });
}

function openPostgres(url: string, options: DatabaseOptions): DatabaseHandle {
  const target = `PostgreSQL ${redactUrl(url)}`;
  const schema = options.pgSchema ?? null;
  if (schema !== null && !PG_IDENTIFIER.test(schema)) {
    throw new StoreConfigError(
      `Invalid PostgreSQL schema name "${schema}": use lower-case letters, digits and underscores.`,
    );
  }
  const { pg, types } = loadPg();
  const pool = new pg.Pool({
    connectionString: url,
    // Per-pool parsers: changing the global pg.types would affect every other pg user in the process.
    types,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    application_name: 'mamori',
    ...(schema === null ? {} : { options: `-c search_path=${schema}` }),
  });
  pool.on('error', (err) => options.onBackgroundError?.(err));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', target, pgSchema: schema };
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^/@:]*):[^/@]*@/, '//$1:***@');
  }
}
