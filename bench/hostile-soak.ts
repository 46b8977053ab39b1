/**
 * soak:hostile: `mamori serve` (the real CLI, SQLite in a temp dir) watches a loopback site of hostile
 * pages (parser bombs, a gzip bomb, a slowloris server, a redirect loop) beside an ordinary page, at
 * the shortest interval, while this script asks `/api/health` every 250 ms. It prints the health
 * latency (max, p99), serve's peak RSS (from /proc), the checks per page and their verdicts, and ends
 * with one JSON line. Done when health stays under 1 s throughout and RSS under 500 MB.
 *
 *   npm run soak:hostile -- --minutes 10 [--interval 5] [--static] [--cpu-prof DIR]
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import type http from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { stringify } from 'yaml';
import { startHttpServer, type TestServer } from '../src/fetch/test-servers.ts';
import { openStore } from '../src/store/open-store.ts';
import { hasFlag, numberFlag } from './lib/args.ts';
import { tempDir } from '../test/helpers.ts';

const argv = process.argv.slice(2);
const minutes = numberFlag(argv, 'minutes', 10);
const intervalSeconds = numberFlag(argv, 'interval', 5);
/** Without the browser (serve renders every changed page by default, as here). */
const staticOnly = hasFlag(argv, 'static');
/** `--cpu-prof DIR`: serve writes V8 CPU profiles there (to see what held its thread). */
const profileDir = argv.includes('--cpu-prof') ? argv[argv.indexOf('--cpu-prof') + 1] : undefined;
const BIN = new URL('../bin/mamori.js', import.meta.url).pathname;
const KiB = 1024;

const html = (body: string) => `<!doctype html><html><head><title>Soak</title></head><body>${body}</body></html>`;

/** The hostile bodies: each is small on the wire and was once enough to freeze the analysis. */
const PAGES: Record<string, () => string> = {
  '/ordinary': () =>
    html(
      `<h1>Notices</h1><ul>${Array.from({ length: 30 }, (_, i) => `<li><a href="/n/${i}">Notice ${i}</a></li>`).join('')}</ul>`,
    ),
  '/div-nesting': () => '<div>'.repeat(400_000),
  '/style-comments': () => `<style>${'/* '.repeat(40_000)}`,
  '/media-nesting': () => `<style>${'@media screen{'.repeat(6_000)}`,
  '/script-text': () => '<script'.repeat(Math.ceil((650 * KiB) / 7)),
  '/rgb-spaces': () =>
    `<style>p{color:rgb(${' '.repeat(32 * KiB)}</style><p style="color:rgb(${' '.repeat(32 * KiB)}">x</p>`,
  '/big-list': () =>
    html(
      `<ul>${Array.from({ length: 40_000 }, (_, i) => `<li><a href="/n/${i}">Notice ${i} about the office</a></li>`).join('')}</ul>`,
    ),
};
const SPECIAL = ['/gzip-bomb', '/slowloris', '/redirect-loop'];

function startHostileSite(): Promise<TestServer> {
  const bodies = new Map(Object.entries(PAGES).map(([path, make]) => [path, Buffer.from(make(), 'utf8')]));
  // 256 MB of spaces, a few hundred KB gzipped.
  const bomb = gzipSync(Buffer.alloc(256 * 1024 * KiB, 0x20), { level: 9 });
  return startHttpServer((req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = req.url ?? '/';
    if (path === '/gzip-bomb') {
      res.writeHead(200, {
        'Content-Type': 'text/html',
        'Content-Encoding': 'gzip',
        'Content-Length': String(bomb.length),
      });
      return void res.end(bomb);
    }
    if (path === '/redirect-loop') {
      res.writeHead(302, { Location: '/redirect-loop' });
      return void res.end();
    }
    if (path === '/slowloris') {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      const timer = setInterval(() => res.write('<'), 1000);
      res.on('close', () => clearInterval(timer));
      return;
    }
    const body = bodies.get(path);
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(body ?? 'not here');
  });
}

/** Resident set of a process now, in MB (VmRSS), or null once it is gone. */
function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0
    ? NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);
}

/** One health request's latency; a request that gets no answer in 10 s counts as 10 s. */
async function healthLatency(api: string): Promise<{ ms: number; ok: boolean }> {
  const start = performance.now();
  try {
    const res = await fetch(`${api}/api/health`, { signal: AbortSignal.timeout(10_000) });
    await res.arrayBuffer();
    return { ms: performance.now() - start, ok: res.status === 200 };
  } catch {
    return { ms: performance.now() - start, ok: false };
  }
}

async function main(): Promise<void> {
  const site = await startHostileSite();
  const tmp = tempDir('mamori-soak-');
  const urls = [...Object.keys(PAGES), ...SPECIAL].map((p) => `${site.origin}${p}`);
  writeFileSync(
    join(tmp.dir, 'mamori.yaml'),
    stringify({
      database: { url: 'sqlite:./mamori.db' },
      network: { allowLoopback: true },
      politeness: { perHostConcurrency: 4, minSpacingMs: 0 },
      scheduler: { defaultIntervalSeconds: intervalSeconds },
      fetch: { totalTimeoutMs: 20_000 },
      render: { enabled: !staticOnly },
      estate: {
        organisations: [
          { slug: 'hostile', name: 'Hostile estate', sites: [{ origin: site.origin, name: 'Hostile', pages: urls }] },
        ],
      },
    }),
  );
  const child = spawn(
    process.execPath,
    [...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []), BIN, 'serve', '--port', '0'],
    { cwd: tmp.dir, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, MAMORI_LOG_LEVEL: 'warn' } },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  const warnings = new Map<string, number>();
  const api = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const m = /API on (http:\/\/[\d.:]+)\/api/.exec(stderr);
      if (m?.[1]) resolve(m[1]);
      // Keep only the tail, and count the log lines by message.
      for (const line of stderr.split('\n').slice(0, -1)) {
        const msg = /"msg":"([^"]*)"/.exec(line)?.[1];
        if (msg) warnings.set(msg, (warnings.get(msg) ?? 0) + 1);
      }
      stderr = stderr.slice(stderr.lastIndexOf('\n') + 1);
    });
    void exited.then((code) => reject(new Error(`serve exited ${code}`)));
  });
  const pid = child.pid!;
  console.log(
    `serve (pid ${pid}) at ${api}, watching ${urls.length} pages every ${intervalSeconds} s for ${minutes} min${staticOnly ? ', static only' : ''}`,
  );

  const latencies: number[] = [];
  let failures = 0;
  let peakRss = 0;
  const end = Date.now() + minutes * 60_000;
  let nextReport = Date.now() + 30_000;
  while (Date.now() < end) {
    const tick = Date.now();
    const health = await healthLatency(api);
    latencies.push(health.ms);
    if (!health.ok) failures++;
    peakRss = Math.max(peakRss, rssMb(pid) ?? 0);
    if (Date.now() >= nextReport) {
      nextReport += 30_000;
      console.log(
        `  ${Math.round((Date.now() - (end - minutes * 60_000)) / 1000)} s: health max ${Math.max(...latencies).toFixed(0)} ms, rss now ${(rssMb(pid) ?? 0).toFixed(0)} MB, peak ${peakRss.toFixed(0)} MB`,
      );
    }
    await new Promise((r) => setTimeout(r, Math.max(0, 250 - (Date.now() - tick))));
  }
  child.kill('SIGTERM');
  const code = await exited;
  await site.close();

  const store = await openStore({ url: `sqlite:${join(tmp.dir, 'mamori.db')}` });
  const pages: Record<
    string,
    { checks: number; verdicts: Record<string, number>; reasons: string[]; maxDurationMs: number }
  > = {};
  for (const page of (await store.listPages({ limit: 100 })).items) {
    const checks = await store.listChecks(page.id, { limit: 100_000 });
    const verdicts: Record<string, number> = {};
    for (const c of checks) verdicts[c.verdict] = (verdicts[c.verdict] ?? 0) + 1;
    // The analysis limit's message says which limit (time or memory): that one is shown whole.
    const reasons = [
      ...new Set(checks.flatMap((c) => c.reasons.map((r) => (r.code === 'analysis-limit' ? r.message : r.code)))),
    ];
    pages[new URL(page.url).pathname] = {
      checks: checks.length,
      verdicts,
      reasons,
      maxDurationMs: Math.max(0, ...checks.map((c) => c.durationMs)),
    };
  }
  await store.close();
  tmp.remove();

  const sorted = [...latencies].sort((a, b) => a - b);
  const result = {
    minutes,
    intervalSeconds,
    render: !staticOnly,
    healthRequests: latencies.length,
    healthFailures: failures,
    healthMaxMs: Math.round(sorted.at(-1) ?? NaN),
    healthP99Ms: Math.round(percentile(sorted, 99)),
    healthP50Ms: Math.round(percentile(sorted, 50)),
    peakRssMb: Math.round(peakRss),
    serveExit: code,
    pages,
    logCounts: Object.fromEntries(warnings),
  };
  for (const [path, p] of Object.entries(pages))
    console.log(
      `  ${path.padEnd(16)} ${String(p.checks).padStart(4)} checks  ${JSON.stringify(p.verdicts)}  ${p.reasons.join(', ')}  (longest ${p.maxDurationMs} ms)`,
    );
  console.log(
    `health: ${latencies.length} requests, ${failures} failed, max ${result.healthMaxMs} ms, p99 ${result.healthP99Ms} ms; serve peak RSS ${result.peakRssMb} MB; exit ${code}`,
  );
  console.log(JSON.stringify(result));
  process.exitCode = result.healthMaxMs < 1000 && result.peakRssMb < 500 && failures === 0 ? 0 : 1;
}

await main();
