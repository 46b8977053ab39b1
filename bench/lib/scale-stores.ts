import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { stat } from 'node:fs/promises';
import pg from 'pg';
import { Redis } from 'ioredis';

/**
 * bench:scale's PostgreSQL and Redis: a fresh database it creates and drops, a private redis-server it
 * starts and stops (so INFO commandstats counts Mamori's commands only), and the counters read from both.
 */

export interface BenchDatabase {
  url: string;
  name: string;
  client: pg.Client;
  drop(): Promise<void>;
}

/** Create a fresh database next to the one `adminUrl` names; `drop` removes it (connections forced out). */
export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `mamori_bench_scale_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return {
    url: url.toString(),
    name,
    client,
    drop: async () => {
      await client.end().catch(() => undefined);
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export interface PgCounters {
  /** Rows inserted, updated and deleted in the database (pg_stat_database). */
  rowsWritten: number;
  inserted: Record<string, number>;
  databaseBytes: number;
  /** Server-wide WAL position: its delta includes other databases' writes on a shared server. */
  walLsnBytes: number;
}

export async function readPgCounters(db: BenchDatabase): Promise<PgCounters> {
  // Backends report their statistics when idle or every second: ask for a fresh snapshot.
  await db.client.query('select pg_stat_clear_snapshot()');
  const totals = await db.client.query<{ w: string; size: string; lsn: string }>(
    `select tup_inserted + tup_updated + tup_deleted as w, pg_database_size(datname) as size,
            pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0') as lsn
       from pg_stat_database where datname = current_database()`,
  );
  const tables = await db.client.query<{ relname: string; n: string }>(
    'select relname, n_tup_ins as n from pg_stat_user_tables',
  );
  const row = totals.rows[0];
  return {
    rowsWritten: Number(row?.w ?? 0),
    databaseBytes: Number(row?.size ?? 0),
    walLsnBytes: Number(row?.lsn ?? 0),
    inserted: Object.fromEntries(tables.rows.map((t) => [t.relname, Number(t.n)])),
  };
}

export interface BenchRedis {
  url: string;
  pid: number;
  client: Redis;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A private redis-server on a free loopback port, without persistence; stopped (and gone) by `stop`. */
export async function startPrivateRedis(): Promise<BenchRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  client.on('error', () => undefined);
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await client.connect();
      await client.ping();
      break;
    } catch (error) {
      client.disconnect();
      if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}`, { cause: error });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    pid: child.pid ?? -1,
    client,
    stop: async () => {
      client.disconnect();
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Commands Redis has run since its start, by command (INFO commandstats). */
export async function redisCommands(redis: Redis): Promise<Record<string, number>> {
  const info = await redis.info('commandstats');
  const counts: Record<string, number> = {};
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) counts[m[1] ?? '?'] = Number(m[2]);
  return counts;
}

export async function redisUsedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

/** The size of a file that may be missing (0). */
export async function fileBytes(path: string): Promise<number> {
  return stat(path).then(
    (s) => s.size,
    () => 0,
  );
}
