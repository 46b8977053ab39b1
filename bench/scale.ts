/**
 * bench:scale: Mamori scaled out on PostgreSQL and BullMQ, as processes. A loopback estate (a child
 * process) of N pages over S hosts, a fresh PostgreSQL database, a private redis-server, one `mamori
 * serve` (it schedules, and works too) and 1, 2 and 4 `mamori worker` processes, each count measured
 * over the same window, side by side in one run. Every page is due every 5 s, far more than the
 * cluster can check, so the queue never runs dry and the window measures capacity.
 *
 * The workers that learn the baselines are the ones measured: the largest count first, then stopping
 * workers down to the smallest, so every window measures warm processes (a fresh process spends its
 * first seconds compiling, which would count against the windows with more new workers). Ends with
 * one JSON line. Flags: --pages, --sites, --bytes, --workers 1,2,4, --seconds, --concurrency,
 * --learn-seconds.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ConfigOverrides } from '../src/config/schema.ts';
import { startEstateChild } from '../src/demo/estate-child.ts';
import { evidenceDir } from '../src/evidence/evidence.ts';
import { DEFAULT_TEST_POSTGRES_URL, probePostgres } from '../src/store/test-support.ts';
import { startMamoriProcess, type MamoriProcess } from '../test/cluster-support.ts';
import { tempDir } from '../test/helpers.ts';
import { numberFlag, numberListFlag } from './lib/args.ts';
import { fmt } from './lib/measure.ts';
import { processCpuMs, processPeakRssMb } from './lib/proc.ts';
import { evidenceBytesByClass } from './lib/scale-evidence.ts';
import {
  createBenchDatabase,
  readPgCounters,
  redisCommands,
  redisUsedMemory,
  startPrivateRedis,
  type BenchDatabase,
  type PgCounters,
} from './lib/scale-stores.ts';
import { dirBytes, printScale, type WindowResult } from './lib/scale-report.ts';

const argv = process.argv.slice(2);
const pages = numberFlag(argv, 'pages', 20_000);
const sites = numberFlag(argv, 'sites', 500);
const bytesPerPage = numberFlag(argv, 'bytes', 20_000);
const workerCounts = numberListFlag(argv, 'workers', [1, 2, 4]);
const windowSeconds = numberFlag(argv, 'seconds', 30);
const concurrency = numberFlag(argv, 'concurrency', 16);
const learnSeconds = numberFlag(argv, 'learn-seconds', 900);
/** One check makes a page's baseline: what follows are the steady-state checks the windows measure. */
const MIN_SAMPLES = 1;
/** After workers stop, the remaining ones settle (their running checks end, the backlog refills) before a window. */
const SETTLE_MS = 3_000;
let redisPid = -1;
const adminUrl = process.env.MAMORI_TEST_POSTGRES_URL ?? DEFAULT_TEST_POSTGRES_URL;

const pgProblem = await probePostgres(adminUrl);
if (pgProblem !== null) {
  console.error(`bench:scale needs PostgreSQL at ${adminUrl} (MAMORI_TEST_POSTGRES_URL): ${pgProblem}`);
  process.exit(2);
}

const cleanups: (() => Promise<unknown> | void)[] = [];
async function cleanUp(): Promise<void> {
  for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
  cleanups.length = 0;
}
process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));

try {
  await main();
} finally {
  await cleanUp();
}
// Everything this run started is stopped by now; a pool or socket left open must not keep it alive.
process.exit(process.exitCode ?? 0);

async function main(): Promise<void> {
  const tmp = tempDir('mamori-bench-scale-');
  cleanups.push(() => tmp.remove());
  const db = await createBenchDatabase(adminUrl);
  cleanups.push(() => db.drop());
  const redis = await startPrivateRedis();
  redisPid = redis.pid;
  cleanups.push(() => redis.stop());
  const estate = await startEstateChild(
    { bench: { pages, bytesPerPage, sites, changeRatio: 0.05, defacedEvery: 100 } },
    { timeoutMs: 120_000 },
  );
  cleanups.push(() => estate.stop());
  writeConfig(tmp.dir, db.url, redis.url, estate.urls);
  const dataDir = join(tmp.dir, 'data');
  console.log(
    `bench:scale  ${pages} pages of ~${bytesPerPage / 1000} KB on ${sites} loopback hosts; PostgreSQL database ${db.name}, private Redis; ` +
      `serve + ${workerCounts.join(', ')} workers, ${windowSeconds} s each, concurrency ${concurrency} per process`,
  );

  const serve = await startMamoriProcess('serve', tmp.dir, 300_000);
  cleanups.push(() => serve.kill('SIGKILL'));

  // Learning: every page checked MIN_SAMPLES times (its baseline), by the largest cluster, which is
  // then measured first: its processes are warm by now.
  const learnStart = Date.now();
  const counts = [...new Set(workerCounts)].sort((a, b) => b - a);
  const workers = await startWorkers(counts[0] ?? 1, tmp.dir);
  const learnt = await waitLearnt(db, Date.now() + learnSeconds * 1000);
  console.log(
    `  learning: ${learnt}/${pages} pages with ${MIN_SAMPLES} check(s) in ${fmt((Date.now() - learnStart) / 1000, 0)} s`,
  );
  if (learnt < pages)
    console.log(
      `  (learning stopped at --learn-seconds ${learnSeconds}: the windows include first checks, which cost more)`,
    );
  // From now on every 100th page is defaced: its first check is a new capture, later ones repeats.
  await estate.setState({ incidents: { localOfficeDefaced: true } });

  const results: WindowResult[] = [];
  let generation = 0;
  for (const n of counts) {
    await stopWorkers(workers.splice(n));
    generation += 1;
    await estate.setGeneration(generation); // 5% of pages change in each window
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    results.push(await measureWindow(n, [serve, ...workers], db, redis.client, dataDir));
    const r = results.at(-1)!;
    console.log(`  serve + ${n} worker(s): ${fmt(r.checksPerSecond, 1)} checks/s`);
  }
  await stopWorkers(workers);
  results.sort((a, b) => a.workers - b.workers);
  const redisMemory = await redisUsedMemory(redis.client);
  const evidence = await evidenceBytesByClass(
    db.client,
    evidenceDir(dataDir),
    Math.min(...results.map((r) => r.firstCheckId)),
    Math.max(...results.map((r) => r.lastCheckId)),
  );
  await serve.kill('SIGTERM');
  printScale({ pages, sites, bytesPerPage, concurrency, windowSeconds, results, evidence, redisMemory });
}

function writeConfig(dir: string, databaseUrl: string, redisUrl: string, urls: string[]): void {
  const byOrigin = new Map<string, string[]>();
  for (const u of urls) {
    const origin = new URL(u).origin;
    byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), u]);
  }
  const config: ConfigOverrides = {
    database: { url: databaseUrl },
    dataDir: join(dir, 'data'),
    network: { allowLoopback: true },
    // Shipped politeness across the cluster (Redis slots, no spacing): its cost per check is counted.
    politeness: { perHostConcurrency: 8, minSpacingMs: 0 },
    queue: { backend: 'bullmq', redisUrl, prefix: 'mamori-bench' },
    render: { enabled: false },
    baseline: { minSamples: MIN_SAMPLES },
    scheduler: { defaultIntervalSeconds: 5, maxConcurrency: concurrency },
    auth: { adminPassword: 'bench-scale-password' },
    estate: {
      organisations: [
        {
          slug: 'bench',
          name: 'Bench',
          sites: [...byOrigin].map(([origin, list], i) => ({ origin, name: `site ${i}`, pages: list })),
        },
      ],
    },
  };
  writeFileSync(join(dir, 'mamori.yaml'), stringify(config));
}

async function startWorkers(n: number, dir: string): Promise<MamoriProcess[]> {
  const workers = await Promise.all(Array.from({ length: n }, () => startMamoriProcess('worker', dir, 120_000)));
  for (const w of workers) cleanups.push(() => w.kill('SIGKILL'));
  return workers;
}

async function stopWorkers(workers: MamoriProcess[]): Promise<void> {
  await Promise.all(workers.map((w) => w.kill('SIGTERM')));
}

async function waitLearnt(db: BenchDatabase, deadline: number): Promise<number> {
  for (;;) {
    const { rows } = await db.client.query<{ n: string }>(
      'select count(*) as n from (select page_id from checks group by page_id having count(*) >= $1) p',
      [MIN_SAMPLES],
    );
    const n = Number(rows[0]?.n ?? 0);
    if (n >= pages || Date.now() > deadline) return n;
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

async function maxCheckId(db: BenchDatabase): Promise<number> {
  const { rows } = await db.client.query<{ id: string | null }>('select max(id) as id from checks');
  return Number(rows[0]?.id ?? 0);
}

/** PIDs of the PostgreSQL backends serving the bench database (Mamori's pool connections). */
async function backendPids(db: BenchDatabase): Promise<number[]> {
  const { rows } = await db.client.query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
  );
  return rows.map((r) => r.pid);
}

interface Snapshot {
  at: number;
  /** CPU ms of each PostgreSQL backend of the bench database, by pid. */
  pgCpuMs: Map<number, number>;
  redisCpuMs: number;
  checkId: number;
  cpuMs: number[];
  pg: PgCounters;
  redisCommands: Record<string, number>;
  dataBytes: number;
}

async function snapshot(
  processes: MamoriProcess[],
  db: BenchDatabase,
  redis: Parameters<typeof redisCommands>[0],
  dataDir: string,
): Promise<Snapshot> {
  const pgCpuMs = new Map<number, number>();
  for (const pid of await backendPids(db)) pgCpuMs.set(pid, processCpuMs(pid) ?? 0);
  return {
    at: performance.now(),
    pgCpuMs,
    redisCpuMs: processCpuMs(redisPid) ?? 0,
    checkId: await maxCheckId(db),
    cpuMs: processes.map((p) => processCpuMs(p.child.pid ?? -1) ?? 0),
    pg: await readPgCounters(db),
    redisCommands: await redisCommands(redis),
    dataBytes: await dirBytes(dataDir),
  };
}

async function measureWindow(
  workers: number,
  processes: MamoriProcess[],
  db: BenchDatabase,
  redis: Parameters<typeof redisCommands>[0],
  dataDir: string,
): Promise<WindowResult> {
  const a = await snapshot(processes, db, redis, dataDir);
  await new Promise((r) => setTimeout(r, windowSeconds * 1000));
  const b = await snapshot(processes, db, redis, dataDir);
  const checks = b.checkId - a.checkId;
  const seconds = (b.at - a.at) / 1000;
  const cpuMs = b.cpuMs.map((c, i) => c - (a.cpuMs[i] ?? 0));
  // Backends present at both ends (a pool may open or close a connection in between).
  let pgCpuMs = 0;
  for (const [pid, ms] of b.pgCpuMs) pgCpuMs += ms - (a.pgCpuMs.get(pid) ?? ms);
  const inserted: Record<string, number> = {};
  for (const [table, n] of Object.entries(b.pg.inserted)) {
    const d = n - (a.pg.inserted[table] ?? 0);
    if (d > 0) inserted[table] = d;
  }
  return {
    workers,
    checks,
    seconds,
    checksPerSecond: checks / seconds,
    cpuMsPerProcess: cpuMs,
    peakRssMbPerProcess: processes.map((p) => processPeakRssMb(p.child.pid ?? -1) ?? 0),
    pgCpuMs,
    redisCpuMs: b.redisCpuMs - a.redisCpuMs,
    pgRowsWritten: b.pg.rowsWritten - a.pg.rowsWritten,
    pgRowsInserted: inserted,
    pgDatabaseBytes: b.pg.databaseBytes - a.pg.databaseBytes,
    walBytes: b.pg.walLsnBytes - a.pg.walLsnBytes,
    redisCommands: Object.fromEntries(
      Object.entries(b.redisCommands)
        .map(([c, n]) => [c, n - (a.redisCommands[c] ?? 0)] as const)
        .filter(([, n]) => n > 0),
    ),
    dataDirBytes: b.dataBytes - a.dataBytes,
    firstCheckId: a.checkId,
    lastCheckId: b.checkId,
  };
}
