import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fmt } from './measure.ts';
import type { CheckClass, ClassCost } from './scale-evidence.ts';

/** One measured window of bench:scale: serve plus `workers` worker processes. */
export interface WindowResult {
  workers: number;
  checks: number;
  seconds: number;
  checksPerSecond: number;
  /** CPU ms of each process in the window: serve first, then the workers. */
  cpuMsPerProcess: number[];
  peakRssMbPerProcess: number[];
  /** CPU ms of the bench database's PostgreSQL backends and of the private redis-server in the window. */
  pgCpuMs: number;
  redisCpuMs: number;
  pgRowsWritten: number;
  pgRowsInserted: Record<string, number>;
  pgDatabaseBytes: number;
  walBytes: number;
  /** Commands in the window, by command. */
  redisCommands: Record<string, number>;
  dataDirBytes: number;
  firstCheckId: number;
  lastCheckId: number;
}

export interface ScaleReport {
  pages: number;
  sites: number;
  bytesPerPage: number;
  concurrency: number;
  windowSeconds: number;
  results: WindowResult[];
  evidence: Record<CheckClass, ClassCost>;
  redisMemory: number;
}

/** Bytes of every file under `dir` (0 when it is missing). */
export async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const d of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, d.name);
    total += d.isDirectory()
      ? await dirBytes(path)
      : await stat(path).then(
          (s) => s.size,
          () => 0,
        );
  }
  return total;
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const per = (n: number, checks: number): number => (checks > 0 ? n / checks : Number.NaN);
const round = (n: number, digits = 2): number | null => (Number.isFinite(n) ? Number(n.toFixed(digits)) : null);

/** Derived figures of a window, shared by the table and the JSON line. */
function derive(r: WindowResult, base: WindowResult | undefined) {
  const cpuMs = sum(r.cpuMsPerProcess);
  const processes = r.workers + 1; // serve works too
  const baseProcesses = (base?.workers ?? 1) + 1;
  const checksPerCpuSecond = per(r.checks, cpuMs / 1000);
  const baseChecksPerCpuSecond = base ? per(base.checks, sum(base.cpuMsPerProcess) / 1000) : Number.NaN;
  return {
    cpuMsPerCheck: per(cpuMs, r.checks),
    checksPerCpuSecond,
    /**
     * The scaling efficiency, read from CPU: checks per CPU-second of the Mamori processes
     * against serve + 1 worker. With a core per process, throughput grows with the processes times
     * this; on a machine with fewer cores than processes (and shared), wall throughput cannot show it.
     */
    cpuEfficiency: checksPerCpuSecond / baseChecksPerCpuSecond,
    /** What each process got of the machine, in cores: the window's CPU seconds over its length. */
    coresPerProcess: cpuMs / 1000 / r.seconds / processes,
    checksPerSecondPerProcess: r.checksPerSecond / processes,
    /** Wall throughput per process against serve + 1 worker: only meaningful with a core per process. */
    wallEfficiency: base ? r.checksPerSecond / processes / (base.checksPerSecond / baseProcesses) : Number.NaN,
    pgCpuMsPerCheck: per(r.pgCpuMs, r.checks),
    redisCpuMsPerCheck: per(r.redisCpuMs, r.checks),
    pgRowsPerCheck: per(r.pgRowsWritten, r.checks),
    pgBytesPerCheck: per(r.pgDatabaseBytes, r.checks),
    walBytesPerCheck: per(r.walBytes, r.checks),
    redisCommandsPerCheck: per(sum(Object.values(r.redisCommands)), r.checks),
    redisTop: Object.entries(r.redisCommands)
      .sort((x, y) => y[1] - x[1])
      .slice(0, 5)
      .map(([c, n]) => `${c} ${fmt(per(n, r.checks), 1)}`)
      .join(', '),
    diskBytesPerCheck: per(r.dataDirBytes, r.checks),
    speedup: base ? r.checksPerSecond / base.checksPerSecond : Number.NaN,
  };
}

export function printScale(report: ScaleReport): void {
  const { results, evidence } = report;
  const base = results[0];
  const derived = results.map((r) => derive(r, base));
  const header = ['', ...results.map((r) => `serve+${r.workers}w`)];
  const rows: string[][] = [
    header,
    ['checks in the window', ...results.map((r) => String(r.checks))],
    ['checks/s', ...results.map((r) => fmt(r.checksPerSecond, 1))],
    ['speed-up vs serve+1w (wall)', ...derived.map((d) => fmt(d.speedup, 2))],
    ['checks/s per process (wall)', ...derived.map((d) => fmt(d.checksPerSecondPerProcess, 1))],
    ['efficiency per process vs serve+1w (wall)', ...derived.map((d) => fmt(d.wallEfficiency, 2))],
    ['cores used per process', ...derived.map((d) => fmt(d.coresPerProcess, 2))],
    ['CPU ms per check (all Mamori)', ...derived.map((d) => fmt(d.cpuMsPerCheck, 2))],
    ['checks per CPU-second per process', ...derived.map((d) => fmt(d.checksPerCpuSecond, 0))],
    ['EFFICIENCY vs serve+1w (CPU-based)', ...derived.map((d) => fmt(d.cpuEfficiency, 2))],
    [
      'CPU s per process (serve, workers)',
      ...results.map((r) => r.cpuMsPerProcess.map((c) => fmt(c / 1000, 1)).join('/')),
    ],
    ['peak RSS MB (serve, workers)', ...results.map((r) => r.peakRssMbPerProcess.map((m) => fmt(m, 0)).join('/'))],
    ['PostgreSQL backends, CPU ms per check', ...derived.map((d) => fmt(d.pgCpuMsPerCheck, 2))],
    ['redis-server, CPU ms per check', ...derived.map((d) => fmt(d.redisCpuMsPerCheck, 3))],
    ['PostgreSQL rows written per check', ...derived.map((d) => fmt(d.pgRowsPerCheck, 2))],
    ['PostgreSQL database bytes per check', ...derived.map((d) => fmt(d.pgBytesPerCheck, 0))],
    ['WAL bytes per check (server-wide)', ...derived.map((d) => fmt(d.walBytesPerCheck, 0))],
    ['Redis commands per check', ...derived.map((d) => fmt(d.redisCommandsPerCheck, 1))],
    ['data dir bytes per check', ...derived.map((d) => fmt(d.diskBytesPerCheck, 0))],
  ];
  const width = Math.max(...rows.map((r) => r[0]!.length));
  for (const row of rows)
    console.log(
      `  ${row[0]!.padEnd(width)} ${row
        .slice(1)
        .map((c) => c.padStart(14))
        .join(' ')}`,
    );
  for (const [i, r] of results.entries())
    console.log(`  Redis commands per check, most called, serve+${r.workers}w: ${derived[i]!.redisTop}`);
  console.log('  evidence bytes per check, from the first window to the last:');
  for (const [cls, c] of Object.entries(evidence))
    if (c.checks > 0)
      console.log(`    ${cls.padEnd(16)} ${fmt(per(c.bytes, c.checks), 0).padStart(10)} B  (${c.checks} checks)`);
  console.log(
    `  Redis used memory at the end: ${fmt(report.redisMemory / 1e6, 1)} MB (${fmt(report.redisMemory / report.pages, 0)} B per page)`,
  );
  console.log(
    JSON.stringify({
      bench: 'scale',
      pages: report.pages,
      sites: report.sites,
      bytesPerPage: report.bytesPerPage,
      concurrencyPerProcess: report.concurrency,
      windowSeconds: report.windowSeconds,
      runs: results.map((r, i) => {
        const d = derived[i]!;
        return {
          workers: r.workers,
          checks: r.checks,
          checksPerSecond: round(r.checksPerSecond, 1),
          speedup: round(d.speedup),
          checksPerSecondPerProcess: round(d.checksPerSecondPerProcess, 1),
          wallEfficiency: round(d.wallEfficiency),
          coresPerProcess: round(d.coresPerProcess),
          cpuMsPerCheck: round(d.cpuMsPerCheck, 3),
          checksPerCpuSecond: round(d.checksPerCpuSecond, 0),
          efficiency: round(d.cpuEfficiency),
          cpuSecondsPerProcess: r.cpuMsPerProcess.map((c) => round(c / 1000, 1)),
          peakRssMbPerProcess: r.peakRssMbPerProcess.map((m) => round(m, 0)),
          pgCpuMsPerCheck: round(d.pgCpuMsPerCheck, 3),
          redisCpuMsPerCheck: round(d.redisCpuMsPerCheck, 3),
          pgRowsPerCheck: round(d.pgRowsPerCheck),
          pgRowsInsertedPerCheck: Object.fromEntries(
            Object.entries(r.pgRowsInserted).map(([t, n]) => [t, round(per(n, r.checks), 3)]),
          ),
          pgBytesPerCheck: round(d.pgBytesPerCheck, 0),
          walBytesPerCheck: round(d.walBytesPerCheck, 0),
          redisCommandsPerCheck: round(d.redisCommandsPerCheck, 1),
          redisCommandsPerCheckByCommand: Object.fromEntries(
            Object.entries(r.redisCommands).map(([c, n]) => [c, round(per(n, r.checks), 2)]),
          ),
          dataDirBytesPerCheck: round(d.diskBytesPerCheck, 0),
        };
      }),
      evidenceBytesPerCheck: Object.fromEntries(
        Object.entries(evidence).map(([cls, c]) => [
          cls,
          { checks: c.checks, bytes: round(per(c.bytes, c.checks), 0) },
        ]),
      ),
      redisUsedMemoryBytes: report.redisMemory,
    }),
  );
}
