/**
 * Store errors that tell the caller what to do. Drivers throw a zoo of errors (SqliteError with
 * SQLITE_BUSY, node's ECONNREFUSED wrapped in an AggregateError, PostgreSQL SQLSTATEs); we walk the
 * cause chain once here so nobody above the store has to know any of those codes.
 */

/** Base class: anything the store layer throws on purpose. */
export class StoreError extends Error {
  override name = 'StoreError';
}

/**
 * Why the database can't be used right now:
 * - `busy`: another connection holds a lock; retry later.
 * - `unreachable`: the server refused or dropped the connection; retry later, then check the server.
 * - `misconfigured`: wrong URL, missing database, bad credentials, unopenable path; fix the config.
 * - `storage`: the disk is full, read-only or failing; fix the machine.
 */
export type UnavailableReason = 'busy' | 'unreachable' | 'misconfigured' | 'storage';

export class StoreUnavailableError extends StoreError {
  override name = 'StoreUnavailableError';
  readonly reason: UnavailableReason;
  /** True when the same call may succeed later without anyone changing anything. */
  readonly retryable: boolean;

  constructor(message: string, reason: UnavailableReason, options: { cause: unknown }) {
    super(message, options);
    this.reason = reason;
    this.retryable = reason === 'busy' || reason === 'unreachable';
  }
}

/** A migration failed or the database was migrated by a newer Mamori; the schema is not usable. */
export class StoreMigrationError extends StoreError {
  override name = 'StoreMigrationError';
  /** The migration that failed, when one did. */
  readonly migrationName: string | null;

  constructor(message: string, migrationName: string | null, options: { cause: unknown }) {
    super(message, options);
    this.migrationName = migrationName;
  }
}

/** The store URL or options are invalid: fix the configuration; retrying cannot help. */
export class StoreConfigError extends StoreError {
  override name = 'StoreConfigError';
}

/**
 * A write broke a constraint: it referred to a row that does not exist (e.g. a check for an unknown
 * page) or duplicated a unique key. A bug or a race in the caller; retrying the same call won't help.
 */
export class StoreConstraintError extends StoreError {
  override name = 'StoreConstraintError';
}

/** A stored blob no longer matches its hash: the file was damaged or altered on disk. */
export class BlobCorruptError extends StoreError {
  override name = 'BlobCorruptError';
}

interface Hint {
  reason: UnavailableReason;
  advice: string;
}

const RETRY = 'retry later';
const NETWORK: Hint = { reason: 'unreachable', advice: `check the server is running and reachable, then ${RETRY}` };
const SERVER_DOWN: Hint = { reason: 'unreachable', advice: `the server is restarting or overloaded; ${RETRY}` };
const BUSY: Hint = { reason: 'busy', advice: `another connection holds a lock; ${RETRY}` };
const CONFIG: Hint = { reason: 'misconfigured', advice: 'fix the store URL or credentials' };
const PATH: Hint = { reason: 'misconfigured', advice: 'fix the store path or its permissions' };
const DISK: Hint = { reason: 'storage', advice: 'free disk space or repair the disk' };

/** Exact codes: node system errors, SQLite primary codes, PostgreSQL SQLSTATEs. */
const HINTS: ReadonlyMap<string, Hint> = new Map([
  ['ECONNREFUSED', NETWORK],
  ['ECONNRESET', NETWORK],
  ['ETIMEDOUT', NETWORK],
  ['EHOSTUNREACH', NETWORK],
  ['ENETUNREACH', NETWORK],
  ['EHOSTDOWN', NETWORK],
  ['EAI_AGAIN', NETWORK],
  ['EPIPE', NETWORK],
  ['ENOTFOUND', { reason: 'misconfigured', advice: 'the database host name does not resolve; fix the store URL' }],
  ['ENOENT', PATH],
  ['EACCES', PATH],
  ['EPERM', PATH],
  ['ENOTDIR', PATH],
  ['EISDIR', PATH],
  ['EROFS', DISK],
  ['ENOSPC', DISK],
  ['EIO', DISK],
  ['EDQUOT', DISK],
  ['SQLITE_BUSY', BUSY],
  ['SQLITE_LOCKED', BUSY],
  ['SQLITE_CANTOPEN', PATH],
  ['SQLITE_PERM', PATH],
  ['SQLITE_AUTH', PATH],
  ['SQLITE_NOTADB', { reason: 'misconfigured', advice: 'the file is not a SQLite database; fix the store path' }],
  ['SQLITE_READONLY', DISK],
  ['SQLITE_FULL', DISK],
  ['SQLITE_IOERR', DISK],
  ['SQLITE_CORRUPT', { reason: 'storage', advice: 'the database file is corrupt; restore it from a backup' }],
  ['3D000', { reason: 'misconfigured', advice: 'the database does not exist; create it or fix the store URL' }],
  ['28000', CONFIG],
  ['28P01', CONFIG],
  ['3F000', { reason: 'misconfigured', advice: 'the schema does not exist; fix the schema option' }],
  ['42501', { reason: 'misconfigured', advice: 'the database user lacks a privilege; grant it or use another user' }],
  ['53100', DISK],
  ['53300', SERVER_DOWN],
  ['57P01', SERVER_DOWN],
  ['57P02', SERVER_DOWN],
  ['57P03', SERVER_DOWN],
  ['55P03', BUSY],
  ['40P01', BUSY],
  ['40001', BUSY],
]);

/** pg reports some connection failures as plain errors with no code. */
const MESSAGE_HINTS: ReadonlyArray<[RegExp, Hint]> = [
  [/connection terminated|timeout exceeded when trying to connect|connection timeout/i, NETWORK],
  [/database is locked/i, BUSY],
];

/** Every error reachable from `err` through `cause` and AggregateError `errors`, outermost first. */
export function causeChain(err: unknown): unknown[] {
  const seen = new Set<unknown>();
  const out: unknown[] = [];
  const queue: unknown[] = [err];
  while (queue.length > 0 && out.length < 32) {
    const current = queue.shift();
    if (current === undefined || current === null || seen.has(current)) continue;
    seen.add(current);
    out.push(current);
    if (typeof current !== 'object') continue;
    const { cause, errors } = current as { cause?: unknown; errors?: unknown };
    queue.push(cause);
    if (Array.isArray(errors)) queue.push(...(errors as unknown[]));
  }
  return out;
}

function codeOf(err: unknown): string | null {
  if (typeof err !== 'object' || err === null) return null;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : null;
}

function hintForCode(code: string): Hint | null {
  const exact = HINTS.get(code);
  if (exact) return exact;
  // SQLite extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_IOERR_WRITE, ...) share their primary's meaning.
  const primary = /^(SQLITE_[A-Z]+)_/.exec(code)?.[1];
  if (primary) return HINTS.get(primary) ?? null;
  // SQLSTATE class 08: connection exceptions.
  if (/^08[0-9A-Z]{3}$/.test(code)) return NETWORK;
  return null;
}

function isConstraintCode(code: string): boolean {
  return code.startsWith('SQLITE_CONSTRAINT') || /^23[0-9A-Z]{3}$/.test(code);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Turn a driver error into a StoreError that says what to do, or null when it is none of the
 * known kinds (a bug, most likely: let it surface as it is). `target` names the database for the
 * message, without any password.
 */
export function classifyStoreError(err: unknown, target: string): StoreError | null {
  const chain = causeChain(err);
  if (chain[0] instanceof StoreError) return chain[0];
  for (const e of chain) {
    const code = codeOf(e);
    if (code !== null && isConstraintCode(code)) {
      return new StoreConstraintError(`${target}: a write broke a constraint (${code}): ${messageOf(e)}`, {
        cause: err,
      });
    }
    const hint = code === null ? null : hintForCode(code);
    if (hint) return unavailable(target, `${code}: ${messageOf(e)}`, hint, err);
  }
  for (const e of chain) {
    const msg = messageOf(e);
    const match = MESSAGE_HINTS.find(([re]) => re.test(msg));
    if (match) return unavailable(target, msg, match[1], err);
  }
  return null;
}

function unavailable(target: string, detail: string, hint: Hint, cause: unknown): StoreUnavailableError {
  return new StoreUnavailableError(`Store ${target} is unavailable (${detail}): ${hint.advice}.`, hint.reason, {
    cause,
  });
}

/**
 * Runs a database operation and rethrows what it throws as a store error that says what to do: the one
 * wrapper every repository over the shared handle uses (store, evidence, incidents, outbox).
 */
export async function withStoreErrors<T>(target: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    throw toStoreError(err, target);
  }
}

/** classifyStoreError, falling back to the original error (wrapped if it isn't an Error at all). */
export function toStoreError(err: unknown, target: string): Error {
  const classified = classifyStoreError(err, target);
  if (classified) return classified;
  return err instanceof Error ? err : new StoreError(`${target}: ${String(err)}`, { cause: err });
}
