import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { onPostgres, testEnv } from './both-databases.ts';
import { parseStoreUrl, redactUrl } from './database.ts';
import {
  StoreConfigError,
  StoreConstraintError,
  StoreUnavailableError,
  causeChain,
  classifyStoreError,
  withStoreErrors,
} from './errors.ts';
import { openStore } from './open-store.ts';
import type { TempDir } from './test-support.ts';
import { makeTempDir } from './test-support.ts';

function codes(err: unknown): unknown[] {
  return causeChain(err).map((e) => (e as { code?: unknown }).code);
}

describe('store URLs', () => {
  it('picks the dialect from the URL', () => {
    expect(parseStoreUrl('postgres://u@h/db')).toEqual({ kind: 'postgres', url: 'postgres://u@h/db' });
    expect(parseStoreUrl('postgresql://u@h/db').kind).toBe('postgres');
    expect(parseStoreUrl('sqlite:data/m.db')).toEqual({ kind: 'sqlite', path: 'data/m.db' });
    expect(parseStoreUrl('sqlite:///var/m.db')).toEqual({ kind: 'sqlite', path: '/var/m.db' });
    expect(parseStoreUrl(':memory:')).toEqual({ kind: 'sqlite', path: ':memory:' });
    expect(parseStoreUrl('sqlite::memory:')).toEqual({ kind: 'sqlite', path: ':memory:' });
    expect(parseStoreUrl('./data/m.db')).toEqual({ kind: 'sqlite', path: './data/m.db' });
  });

  it('rejects unusable URLs and options with StoreConfigError', async () => {
    expect(() => parseStoreUrl('mysql://h/db')).toThrow(StoreConfigError);
    expect(() => parseStoreUrl('  ')).toThrow(StoreConfigError);
    await expect(openStore({ url: 'postgres://h/db', pgSchema: 'x; drop table pages' })).rejects.toBeInstanceOf(
      StoreConfigError,
    );
    await expect(openStore({ url: ':memory:', pgSchema: 'x' })).rejects.toBeInstanceOf(StoreConfigError);
  });

  it('never shows a password', () => {
    expect(redactUrl('postgres://me:s3cret@db.example:5432/x')).toBe('postgres://me:***@db.example:5432/x');
  });
});

describe('classifying driver errors', () => {
  it('walks causes and AggregateErrors', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' });
    const wrapped = new Error('outer', { cause: new AggregateError([refused], 'all failed') });
    const err = classifyStoreError(wrapped, 'PostgreSQL x');
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect(err).toMatchObject({ reason: 'unreachable', retryable: true, cause: wrapped });
  });

  it('maps SQLite and PostgreSQL codes', () => {
    const of = (code: string) => classifyStoreError(Object.assign(new Error(code), { code }), 't');
    expect(of('SQLITE_BUSY_SNAPSHOT')).toMatchObject({ reason: 'busy', retryable: true });
    expect(of('SQLITE_FULL')).toMatchObject({ reason: 'storage', retryable: false });
    expect(of('3D000')).toMatchObject({ reason: 'misconfigured', retryable: false });
    expect(of('08006')).toMatchObject({ reason: 'unreachable' });
    expect(of('23505')).toBeInstanceOf(StoreConstraintError);
    expect(of('SQLITE_CONSTRAINT_FOREIGNKEY')).toBeInstanceOf(StoreConstraintError);
    expect(of('42P01')).toBeNull();
    expect(classifyStoreError(new Error('Connection terminated unexpectedly'), 't')).toMatchObject({
      reason: 'unreachable',
    });
  });

  it('withStoreErrors passes results through and rethrows failures classified', async () => {
    expect(await withStoreErrors('t', () => Promise.resolve(42))).toBe(42);
    const busy = await withStoreErrors('t', () =>
      Promise.reject(Object.assign(new Error('locked'), { code: 'SQLITE_BUSY' })),
    ).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(StoreUnavailableError);
    const plain = new Error('no such column');
    expect(await withStoreErrors('t', () => Promise.reject(plain)).catch((e: unknown) => e)).toBe(plain);
  });
});

describe('clear errors from real databases', () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('reports a SQLite path whose directory cannot be created', async () => {
    // A regular file where a directory should be: fails even for root, unlike permission bits.
    const blocker = join(dir.path, 'not-a-dir');
    await writeFile(blocker, 'x');
    const err: unknown = await openStore({ url: join(blocker, 'sub', 'm.sqlite') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect(err).toMatchObject({ reason: 'misconfigured', retryable: false });
    expect((err as Error).message).toContain(blocker);
    expect(codes(err)).toContain('ENOTDIR');
  });

  it('reports a file that is not a SQLite database', async () => {
    const file = join(dir.path, 'junk.sqlite');
    await writeFile(file, 'this is not a database, just some text that is long enough'.repeat(20));
    const err: unknown = await openStore({ url: file }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'StoreUnavailableError', reason: 'misconfigured' });
  });

  it('waits busy_timeout for a locked SQLite database, then says so', async () => {
    const file = join(dir.path, 'locked.sqlite');
    const store = await openStore({ url: file, busyTimeoutMs: 150 });
    const other = new SqliteDatabase(file);
    try {
      await store.migrate();
      other.exec('begin exclusive');
      const started = performance.now();
      const err: unknown = await store.upsertOrganisation({ slug: 'a', name: 'A' }, 1).catch((e: unknown) => e);
      expect(performance.now() - started).toBeGreaterThanOrEqual(100);
      expect(err).toBeInstanceOf(StoreUnavailableError);
      expect(err).toMatchObject({ reason: 'busy', retryable: true });
      expect((err as Error).message).toMatch(/retry later/);
      other.exec('rollback');
      await expect(store.upsertOrganisation({ slug: 'a', name: 'A' }, 1)).resolves.toMatchObject({ slug: 'a' });
    } finally {
      other.close();
      await store.close();
    }
  });

  it('reports an unreachable PostgreSQL server without leaking the password', async () => {
    const err: unknown = await openStore({
      url: 'postgres://mamori:hunter2@127.0.0.1:1/mamori',
      connectTimeoutMs: 2000,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect(err).toMatchObject({ reason: 'unreachable', retryable: true });
    expect((err as Error).message).not.toContain('hunter2');
    expect(codes(err)).toContain('ECONNREFUSED');
  });
});

await onPostgres('store errors', testEnv(process.env), (PG_URL) => {
  describe('store errors: postgres', () => {
    it('reports a missing PostgreSQL database as a configuration problem', async () => {
      const url = new URL(PG_URL);
      url.pathname = '/mamori_no_such_database';
      const err: unknown = await openStore({ url: url.toString() }).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'StoreUnavailableError', reason: 'misconfigured' });
      expect((err as Error).message).toMatch(/does not exist/);
    });
  });
});
