/**
 * Test support for the cluster tests: `mamori serve` and `mamori worker` as real processes on
 * PostgreSQL and Redis, a loopback site that records every request, and polling helpers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type http from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ConfigOverrides } from '../src/config/schema.ts';
import { startHttpServer, type TestServer } from '../src/fetch/test-servers.ts';
import { DEFAULT_TEST_REDIS_URL, probeRedis, removeTestQueue, uniqueQueueName } from '../src/queue/test-support.ts';
import {
  DEFAULT_TEST_POSTGRES_URL,
  dropPgSchema,
  probePostgres,
  uniqueSchemaName,
  withPgClient,
} from '../src/store/test-support.ts';
import { tempDir } from './helpers.ts';

export const REDIS_URL = process.env.MAMORI_TEST_REDIS_URL ?? DEFAULT_TEST_REDIS_URL;
export const POSTGRES_URL = process.env.MAMORI_TEST_POSTGRES_URL ?? DEFAULT_TEST_POSTGRES_URL;
const BIN = new URL('../bin/mamori.js', import.meta.url).pathname;

/** Null when PostgreSQL and Redis both answer, else why not (the tests are skipped outside CI). */
export async function clusterProblem(): Promise<string | null> {
  const [pg, redis] = await Promise.all([probePostgres(POSTGRES_URL), probeRedis(REDIS_URL)]);
  if (pg !== null) return `PostgreSQL at ${POSTGRES_URL}: ${pg}`;
  if (redis !== null) return `Redis at ${REDIS_URL}: ${redis}`;
  return null;
}

/** A fresh PostgreSQL schema, and a database URL whose connections work in it. */
export async function freshSchema(): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = uniqueSchemaName('mamori_cluster');
  await withPgClient(POSTGRES_URL, null, (client) => client.query(`create schema ${schema}`));
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.toString(), drop: () => dropPgSchema(POSTGRES_URL, schema) };
}

export interface RequestRecord {
  path: string;
  start: number;
  end: number | null;
}

/** A loopback site answering every path with a small stable page, recording each request. */
export interface RecordingSite {
  origin: string;
  requests: RequestRecord[];
  /** Most requests in flight at once, over the whole host and per path. */
  peak(): number;
  peakPerPath(): number;
  starts(path: string): number[];
  url(path: string): string;
  close(): Promise<void>;
}

export interface SiteBehaviour {
  /** How long each answer takes (ms): checks overlap, so limits and duplicates can show. */
  delayMs: number;
  /** Requests for which this returns true never get an answer (a check stuck until its worker dies). */
  hold?: (path: string, nth: number) => boolean;
}

export async function startRecordingSite(behaviour: SiteBehaviour): Promise<RecordingSite> {
  const requests: RequestRecord[] = [];
  let inFlight = 0;
  let peak = 0;
  const perPath = new Map<string, number>();
  let peakPerPath = 0;
  const held: http.ServerResponse[] = [];
  const server: TestServer = await startHttpServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const record: RequestRecord = { path, start: Date.now(), end: null };
    requests.push(record);
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    const mine = (perPath.get(path) ?? 0) + 1;
    perPath.set(path, mine);
    peakPerPath = Math.max(peakPerPath, mine);
    // A request ends when answered or when its client goes away (a process killed mid-check).
    res.once('close', () => {
      record.end = Date.now();
      inFlight -= 1;
      perPath.set(path, (perPath.get(path) ?? 1) - 1);
    });
    const nth = requests.filter((r) => r.path === path).length;
    if (behaviour.hold?.(path, nth)) return void held.push(res);
    setTimeout(() => {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(`<html><head><title>Notice ${path}</title></head><body><p>Opening hours for ${path}.</p></body></html>`);
    }, behaviour.delayMs);
  });
  return {
    origin: server.origin,
    requests,
    peak: () => peak,
    peakPerPath: () => peakPerPath,
    starts: (path) => requests.filter((r) => r.path === path).map((r) => r.start),
    url: (path) => `${server.origin}${path}`,
    close: async () => {
      for (const res of held) res.destroy();
      await server.close();
    },
  };
}

/** The paths /p0 … /p(n-1). */
export function paths(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `/p${i}`);
}

/** Write mamori.yaml for a cluster of processes in `dir`: PostgreSQL, BullMQ under a prefix of its own. */
export function writeClusterConfig(
  dir: string,
  options: { databaseUrl: string; redisUrl?: string; prefix?: string; site: RecordingSite; pages: string[] },
  overrides: ConfigOverrides,
): { prefix: string } {
  const prefix = options.prefix ?? uniqueQueueName('mamori-cluster');
  const config: ConfigOverrides = {
    database: { url: options.databaseUrl },
    dataDir: join(dir, 'data'),
    network: { allowLoopback: true },
    politeness: { perHostConcurrency: 8, minSpacingMs: 0 },
    queue: { backend: 'bullmq', redisUrl: options.redisUrl ?? REDIS_URL, prefix },
    render: { enabled: false },
    auth: { adminPassword: 'cluster-test-password' },
    estate: {
      organisations: [
        {
          slug: 'city',
          name: 'City',
          sites: [{ origin: options.site.origin, name: 'city', pages: options.pages.map((p) => options.site.url(p)) }],
        },
      ],
    },
    ...overrides,
  };
  writeFileSync(join(dir, 'mamori.yaml'), stringify(config));
  return { prefix };
}

/** Something a test started, stopped after the suite in reverse order, even when the test failed. */
export type Cleanup = () => Promise<unknown> | void;

export interface ClusterFixture {
  site: RecordingSite;
  /** The directory holding `mamori.yaml`: the processes' working directory. */
  dir: string;
  databaseUrl: string;
  /** The BullMQ key prefix of this test's queue. */
  prefix: string;
}

/**
 * What every cluster test sets up first: a recording site, a directory with the config, a fresh
 * PostgreSQL schema and, on the shared Redis, the queue's keys removed afterwards. Everything is
 * registered in `cleanups`. `config` may be a function of the site, for keys that name its origin.
 */
export async function setUpCluster(
  cleanups: Cleanup[],
  options: {
    name: string;
    site: SiteBehaviour;
    pages: string[];
    /** A private Redis; the shared one when absent. A private one is the test's to stop, keys and all. */
    redisUrl?: string;
    config?: ConfigOverrides | ((site: RecordingSite) => ConfigOverrides);
  },
): Promise<ClusterFixture> {
  const site = await startRecordingSite(options.site);
  cleanups.push(() => site.close());
  const tmp = tempDir(`mamori-${options.name}-`);
  cleanups.push(() => tmp.remove());
  const schema = await freshSchema();
  cleanups.push(() => schema.drop());
  const overrides = typeof options.config === 'function' ? options.config(site) : (options.config ?? {});
  const { prefix } = writeClusterConfig(
    tmp.dir,
    { databaseUrl: schema.url, redisUrl: options.redisUrl, site, pages: options.pages },
    overrides,
  );
  if (options.redisUrl === undefined) cleanups.push(() => removeTestQueue(REDIS_URL, 'mamori-checks', prefix));
  return { site, dir: tmp.dir, databaseUrl: schema.url, prefix };
}

export interface MamoriProcess {
  child: ChildProcess;
  /** The API's base URL (serve only). */
  api: string | null;
  exited: Promise<number | null>;
  output(): string;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/**
 * Start `mamori serve` or `mamori worker` as a real process in `dir` and wait until it works. `env`
 * adds variables for this process alone (config keys that differ between processes of one cluster).
 */
export async function startMamoriProcess(
  role: 'serve' | 'worker',
  dir: string,
  timeoutMs = 60_000,
  env: Readonly<Record<string, string>> = {},
): Promise<MamoriProcess> {
  const args = role === 'serve' ? [BIN, 'serve', '--port', '0'] : [BIN, 'worker'];
  const child = spawn(process.execPath, args, {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MAMORI_LOG_LEVEL: 'warn', ...env },
  });
  let output = '';
  // Both pipes are read to the end: a full pipe would block the process.
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = role === 'serve' ? /API on (http:\/\/[\d.:]+)\/api/ : /Mamori worker taking checks/;
  const api = await new Promise<string | null>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${role} did not start in time:\n${output}`)), timeoutMs);
    const look = () => {
      const m = ready.exec(output);
      if (!m) return;
      clearTimeout(timer);
      child.stdout.off('data', look);
      child.stderr.off('data', look);
      resolve(m[1] ?? null);
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${role} exited ${code} before it was ready:\n${output}`));
    });
  });
  return {
    child,
    api,
    exited,
    output: () => output,
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Run a mamori command to its end in `dir`: its exit code and output. */
export function runMamori(dir: string, ...args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, output })));
}

/** Poll until `fn` gives a truthy value, or fail saying what was awaited. */
export async function until<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Health {
  status: string;
  scheduler?: { pages: number; lagMs: number; leader: boolean };
  queue?: { waiting: number; active: number; failed: number };
}

/** The health endpoint of a running serve, or null while it does not answer. */
export async function health(api: string): Promise<Health | null> {
  try {
    const res = await fetch(`${api}/api/health`, { signal: AbortSignal.timeout(5_000) });
    return res.status === 200 ? ((await res.json()) as Health) : null;
  } catch {
    return null;
  }
}
