/**
 * bench:watch: Mamori's cost per check over a loopback estate of N pages of ~50 KB, one pass with every
 * page unchanged and one with 5% changed, side by side with urlwatch on the same pages when it is
 * installed. The estate server runs in a child process so its CPU is not counted as Mamori's.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openRuntime } from '../src/app/runtime.ts';
import { startServer } from '../src/app/server.ts';
import { startEstateChild } from '../src/demo/estate-child.ts';
import { InProcessQueue } from '../src/queue/in-process-queue.ts';
import type { Page } from '../src/store/types.ts';
import { addTarget } from '../src/estate/add-target.ts';
import { numberFlag } from './lib/args.ts';
import type { FloorPhase } from './lib/fetch-floor.ts';
import { gcPerPage, gcSince, startGcMeter } from './lib/gc-meter.ts';
import { fmt, measure, peakRssMb } from './lib/measure.ts';
import { startCpuProfile, startHeapProfile } from './lib/cpu-profile.ts';
import { splitThreads, threadTimes, type ThreadSplit } from './lib/thread-cpu.ts';
import { Urlwatch, urlwatchAvailable } from './lib/urlwatch.ts';
import { silentLog, tempDir, testConfig } from '../test/helpers.ts';

const argv = process.argv.slice(2);
const pages = numberFlag(argv, 'pages', 5000);
const bytesPerPage = numberFlag(argv, 'bytes', 50_000);
const sites = numberFlag(argv, 'sites', 50);
const concurrency = numberFlag(argv, 'concurrency', 32);
/** Unchanged passes measured (averaged): more passes, steadier figures. */
const repeat = numberFlag(argv, 'repeat', 2);
/** `--cpu-prof FILE`: a V8 CPU profile of the unchanged passes only (open it in Chrome's DevTools). */
const profileFile = argv.includes('--cpu-prof') ? argv[argv.indexOf('--cpu-prof') + 1] : undefined;
/** `--heap-prof FILE`: a sampling heap profile of the unchanged passes, collected objects included. */
const heapProfileFile = argv.includes('--heap-prof') ? argv[argv.indexOf('--heap-prof') + 1] : undefined;
/** `--heap-prof-promoted FILE`: the same, of only what outlived the young generation (promoted objects). */
const promotedProfileFile = argv.includes('--heap-prof-promoted')
  ? argv[argv.indexOf('--heap-prof-promoted') + 1]
  : undefined;
/** `--cpu-prof-changed FILE`: the same, of the main thread while it checks the changed pages alone. */
/**
 * `--quiet-seconds N`: wait N seconds before the first changed pass, as a watch is quiet between
 * changes (analysis threads idle longer than their window are stopped, and the pass starts them again).
 */
const quietSeconds = numberFlag(argv, 'quiet-seconds', 0);
const changedProfileFile = argv.includes('--cpu-prof-changed')
  ? argv[argv.indexOf('--cpu-prof-changed') + 1]
  : undefined;

const tmp = tempDir('mamori-bench-');
const estate = await startEstateChild({ bench: { pages, bytesPerPage, sites, changeRatio: 0.05 } });
// Politeness is opened up: this measures Mamori's own cost per check, not the waits it imposes on itself.
// The browser is off: renders are measured by bench:render, and 5,000 background enrolment renders
// would compete for the same two cores. Evidence and incidents run as shipped.
const config = testConfig(tmp.dir, {
  render: { enabled: false },
  politeness: { perHostConcurrency: 8, minSpacingMs: 0 },
  scheduler: { maxConcurrency: concurrency },
});
const runtime = await openRuntime(config, silentLog);
// The API as `mamori serve` starts it (on loopback ports of its own), so this process holds what serve
// holds; only the scheduler is left out, as the bench queues its passes itself.
const server = await startServer(runtime, null);
const queue = new InProcessQueue<number>({ retry: { maxAttempts: 1, backoffMs: 1 } });
const verdicts = new Map<number, string>();
queue.start(async (job) => {
  const event = await runtime.checks.checkPage(job.data);
  if (event) verdicts.set(event.page.id, event.check.verdict);
}, concurrency);

const byUrl = new Map<string, Page>();
for (const url of estate.urls) {
  const r = await addTarget(runtime.store, { url, organisation: 'bench', source: 'imported' }, Date.now());
  if (r.ok) byUrl.set(url, r.page);
}
const all = [...byUrl.values()];
let passNo = 0;
async function pass(checked: readonly Page[] = all): Promise<void> {
  passNo += 1;
  for (const p of checked) await queue.enqueue(`${p.id}:${passNo}`, p.id);
  await queue.idle();
}

// Compiled (`npm run bench:watch` builds first), this process loads Mamori as `mamori serve` does after
// `npm run build`; through tsx it also carries the loader thread and the compiler, which serve then does not.
const compiled = !import.meta.url.endsWith('.ts');
console.log(
  `bench:watch  ${pages} pages of ~${bytesPerPage / 1000} KB on ${sites} loopback sites, concurrency ${concurrency}, ${compiled ? 'compiled (dist/)' : 'TypeScript through tsx'}`,
);
// What the process holds before the first check: Node, the modules, the store and the API, the estate's URLs.
const startRssMb = process.memoryUsage().rss / 1024 / 1024;
const learn = await measure(async () => {
  for (let i = 0; i < config.baseline.minSamples; i++) await pass();
});
console.log(`  learning: ${config.baseline.minSamples} passes in ${fmt(learn.wallMs / 1000, 1)} s`);

const profile = profileFile ? await startCpuProfile() : null;
const heapProfile = heapProfileFile
  ? await startHeapProfile()
  : promotedProfileFile
    ? await startHeapProfile(true)
    : null;
const gcMeter = startGcMeter();
const unchangedGc0 = gcMeter.read();
const unchangedThreads0 = threadTimes();
const unchanged = await measure(async () => {
  for (let i = 0; i < repeat; i++) await pass();
});
const unchangedGc = gcPerPage(gcSince(unchangedGc0, gcMeter.read()), pages * repeat);
gcMeter.stop();
if (profile && profileFile) await profile.stop(profileFile);
if (heapProfile) await heapProfile.stop((heapProfileFile ?? promotedProfileFile)!);
const unchangedSplit = perPass(
  splitThreads(unchangedThreads0, threadTimes(), runtime.analysis.stats().osThreadIds, unchanged.cpuMs),
  repeat,
);
unchanged.cpuMs /= repeat;
unchanged.wallMs /= repeat;
const unchangedWrong = [...verdicts.values()].filter((v) => v !== 'unchanged').length;
const unchangedRssMb = peakRssMb();

/**
 * One pass in which the given generation's 5% of pages changed, its CPU split by thread and the analysis
 * threads it had to start. `whole`: every page is checked, and a changed page's CPU is the pass's less
 * what its unchanged pages cost in the unchanged passes (so 19 unchanged pages' noise lands on each
 * changed page). Otherwise only the changed pages are checked, and their CPU is the pass's own.
 */
async function changedPass(generation: number, whole: boolean, profileTo?: string) {
  const urls = new Set(await estate.setGeneration(generation));
  const checked = whole ? all : [...urls].flatMap((u) => byUrl.get(u) ?? []);
  verdicts.clear();
  const startsBefore = runtime.analysis.stats().started;
  const changedProfile = profileTo ? await startCpuProfile() : null;
  const threads0 = threadTimes();
  const phase = await measure(() => pass(checked));
  const split = splitThreads(threads0, threadTimes(), runtime.analysis.stats().osThreadIds, phase.cpuMs);
  if (changedProfile && profileTo) await changedProfile.stop(profileTo);
  const ids = new Set([...urls].map((u) => byUrl.get(u)?.id));
  const unchangedCount = checked.length - urls.size;
  const perChanged = (ms: number, unchangedMs: number) =>
    (ms - (unchangedMs / pages) * unchangedCount) / Math.max(urls.size, 1);
  return {
    urls,
    cpuMsPerPage: perChanged(phase.cpuMs, unchanged.cpuMs),
    split: {
      mainMs: perChanged(split.mainMs, unchangedSplit.mainMs),
      analysisMs: perChanged(split.analysisMs, unchangedSplit.analysisMs),
      otherMs: perChanged(split.otherMs, unchangedSplit.otherMs),
    },
    threadStarts: runtime.analysis.stats().started - startsBefore,
    reported: [...verdicts.entries()].filter(([id, v]) => ids.has(id) && v === 'changed').length,
    falseAlarms: [...verdicts.values()].filter((v) => v === 'suspicious' || v === 'tampered' || v === 'down').length,
  };
}
// The first meets the analysis threads as a burst of changes after a quiet spell does (they stop after
// five minutes idle); the others follow at once, their threads warm.
if (quietSeconds > 0) await new Promise((resolve) => setTimeout(resolve, quietSeconds * 1000));
const changedFirst = await changedPass(1, true);
const changedWarm = await changedPass(2, true);
const changedOnly = [await changedPass(3, false, changedProfileFile), await changedPass(4, false)];
const changedUrls = changedFirst.urls;
const reported = changedFirst.reported;
const falseAlarms = [changedFirst, changedWarm, ...changedOnly].reduce((sum, p) => sum + p.falseAlarms, 0);
// Read before the floor: its own client (400 more connections, its bodies) is the bench's, not Mamori's.
const mamoriRssMb = peakRssMb();

// The floor in the same run, after Mamori's passes, on the same unchanged pages and at the same concurrency,
// in a process of its own: in this one it also counted what Mamori's open runtime did meanwhile.
await estate.setGeneration(0);
const floor = await floorApart(estate.urls, concurrency, repeat, false);
const recordedFloor = await floorApart(estate.urls, concurrency, repeat, true);

const cpuMsPerUnchangedPage = unchanged.cpuMs / pages;
const cpuMsPerChangedPage = changedFirst.cpuMsPerPage;
const mamoriPagesPerCpuSecond = pages / (unchanged.cpuMs / 1000);
const floorMsPerPage = floor.cpuMs / estate.urls.length;
const floorRatio = cpuMsPerUnchangedPage / floorMsPerPage;
const recordedFloorMsPerPage = recordedFloor.cpuMs / estate.urls.length;
const floorGc = gcPerPage(floor.gc, estate.urls.length);
const floorSplit = { mainMs: floor.mainMs, analysisMs: 0, otherMs: Math.max(0, floor.cpuMs - floor.mainMs) };

let urlwatch: { pagesPerCpuSecond: number; cpuMs: number; wallMs: number; reportedChanged: number } | null = null;
if (urlwatchAvailable()) {
  const uw = new Urlwatch(estate.urls);
  uw.run(); // first run fills its cache
  const run = uw.run();
  await estate.setGeneration(1);
  const changedRun = uw.run();
  uw.close();
  urlwatch = {
    pagesPerCpuSecond: pages / (run.cpuMs / 1000),
    cpuMs: run.cpuMs,
    wallMs: run.wallMs,
    reportedChanged: changedRun.reportedChanged,
  };
}

const rows: [string, string, string][] = [
  ['', 'mamori', urlwatch ? 'urlwatch' : 'urlwatch (not installed)'],
  ['unchanged pass, wall s', fmt(unchanged.wallMs / 1000), urlwatch ? fmt(urlwatch.wallMs / 1000) : '-'],
  ['unchanged pass, CPU s', fmt(unchanged.cpuMs / 1000), urlwatch ? fmt(urlwatch.cpuMs / 1000) : '-'],
  ['CPU ms per unchanged page', fmt(cpuMsPerUnchangedPage, 3), urlwatch ? fmt(urlwatch.cpuMs / pages, 3) : '-'],
  ['fetch floor (GET + SHA-256), CPU ms', fmt(floorMsPerPage, 3), '-'],
  ['unchanged check / floor', `${fmt(floorRatio, 2)}x`, '-'],
  ['floor + a SQLite row read and write, CPU ms', fmt(recordedFloorMsPerPage, 3), '-'],
  ['unchanged check / recorded floor', `${fmt(cpuMsPerUnchangedPage / recordedFloorMsPerPage, 2)}x`, '-'],
  ['pages per CPU-second', fmt(mamoriPagesPerCpuSecond, 0), urlwatch ? fmt(urlwatch.pagesPerCpuSecond, 0) : '-'],
  ['CPU ms per changed page', fmt(cpuMsPerChangedPage, 3), '-'],
  ['  main / analysis / other threads', splitText(changedFirst.split), '-'],
  ['  analysis threads started in the pass', String(changedFirst.threadStarts), '-'],
  ['CPU ms per changed page, second pass', fmt(changedWarm.cpuMsPerPage, 3), '-'],
  ['  main / analysis / other threads', splitText(changedWarm.split), '-'],
  ['  analysis threads started in the pass', String(changedWarm.threadStarts), '-'],
  ...changedOnly.flatMap((p, i): [string, string, string][] => [
    [`CPU ms per changed page, alone (${i + 1})`, fmt(p.cpuMsPerPage, 3), '-'],
    ['  main / analysis / other threads', splitText(p.split), '-'],
    ['  analysis threads started in the pass', String(p.threadStarts), '-'],
  ]),
  ['unchanged page: main / analysis / other', splitText(unchangedSplit, pages), '-'],
  ['  floor: main / analysis / other', splitText(floorSplit, pages), '-'],
  ['unchanged page: GCs per 1,000 (minor/major)', gcCountText(unchangedGc), '-'],
  ['  floor: GCs per 1,000 (minor/major)', gcCountText(floorGc), '-'],
  ['unchanged page: GC pause µs (minor/major)', gcPauseText(unchangedGc), '-'],
  ['  floor: GC pause µs (minor/major)', gcPauseText(floorGc), '-'],
  [
    'changed pages reported',
    [changedFirst, changedWarm, ...changedOnly].map((p) => `${p.reported}/${p.urls.size}`).join(', '),
    urlwatch ? `${urlwatch.reportedChanged}/${changedUrls.size}` : '-',
  ],
  ['false alarms (changed passes)', String(falseAlarms), '-'],
  ['non-unchanged verdicts (0% pass)', String(unchangedWrong), '-'],
  ['RSS MB before the first check', fmt(startRssMb, 0), '-'],
  ['peak RSS MB (after the unchanged passes)', fmt(unchangedRssMb, 0), '-'],
  ["peak RSS MB (Mamori's passes, whole run)", fmt(mamoriRssMb, 0), '-'],
];
for (const [a, b, c] of rows) console.log(`  ${a.padEnd(42)} ${b.padStart(12)}  ${c.padStart(12)}`);
const urlwatchRatio = urlwatch ? mamoriPagesPerCpuSecond / urlwatch.pagesPerCpuSecond : null;
if (urlwatchRatio !== null)
  console.log(`  Mamori checks ${fmt(urlwatchRatio, 1)}x more pages per CPU-second than urlwatch.`);

await queue.close();
await server.close();
await runtime.close();
await estate.stop();
tmp.remove();
console.log(
  JSON.stringify({
    bench: 'watch',
    pages,
    bytesPerPage,
    sites,
    concurrency,
    compiled,
    wallSecondsUnchanged: round(unchanged.wallMs / 1000),
    cpuMsPerUnchangedPage: round(cpuMsPerUnchangedPage, 4),
    cpuMsPerChangedPage: round(cpuMsPerChangedPage, 3),
    changedThreadMs: roundSplit(changedFirst.split),
    changedThreadStarts: changedFirst.threadStarts,
    cpuMsPerChangedPageSecondPass: round(changedWarm.cpuMsPerPage, 3),
    changedSecondPassThreadMs: roundSplit(changedWarm.split),
    changedSecondPassThreadStarts: changedWarm.threadStarts,
    cpuMsPerChangedPageAlone: changedOnly.map((p) => round(p.cpuMsPerPage, 3)),
    changedAloneThreadMs: changedOnly.map((p) => roundSplit(p.split)),
    pagesPerCpuSecond: round(mamoriPagesPerCpuSecond, 0),
    floorCpuMsPerPage: round(floorMsPerPage, 4),
    unchangedToFloorRatio: round(floorRatio, 2),
    recordedFloorCpuMsPerPage: round(recordedFloorMsPerPage, 4),
    unchangedToRecordedFloorRatio: round(cpuMsPerUnchangedPage / recordedFloorMsPerPage, 2),
    unchangedThreadMs: roundSplit(perPass(unchangedSplit, pages)),
    floorThreadMs: roundSplit(perPass(floorSplit, pages)),
    unchangedGc,
    floorGc,
    startRssMb: round(startRssMb, 0),
    peakRssMbUnchanged: round(unchangedRssMb, 0),
    peakRssMb: round(mamoriRssMb, 0),
    changedReported: reported,
    changedTotal: changedUrls.size,
    falseAlarms,
    urlwatchPagesPerCpuSecond: urlwatch ? round(urlwatch.pagesPerCpuSecond, 0) : null,
    urlwatchRatio: urlwatchRatio === null ? null : round(urlwatchRatio, 2),
  }),
);

function perPass(split: ThreadSplit, passes: number): ThreadSplit {
  return { mainMs: split.mainMs / passes, analysisMs: split.analysisMs / passes, otherMs: split.otherMs / passes };
}

function splitText(split: ThreadSplit, divisor = 1): string {
  return [split.mainMs, split.analysisMs, split.otherMs].map((ms) => fmt(ms / divisor, 2)).join(' / ');
}

type GcPerPage = ReturnType<typeof gcPerPage>;

function gcCountText(gc: GcPerPage): string {
  return `${fmt(gc.minorPerThousand, 1)} / ${fmt(gc.majorPerThousand, 1)}`;
}

function gcPauseText(gc: GcPerPage): string {
  return `${fmt(gc.minorPauseUsPerPage, 1)} / ${fmt(gc.majorPauseUsPerPage, 1)}`;
}

function roundSplit(split: ThreadSplit): ThreadSplit {
  return { mainMs: round(split.mainMs, 3), analysisMs: round(split.analysisMs, 3), otherMs: round(split.otherMs, 3) };
}

function round(n: number, digits = 2): number {
  return Number(n.toFixed(digits));
}

/**
 * Runs the fetch floor in a child process (bench/lib/fetch-floor-child.ts) and returns its phase;
 * `recorded`, the floor with a SQLite row read and written per check (bench/lib/fetch-floor.ts).
 */
async function floorApart(urls: string[], lanes: number, passes: number, recorded: boolean): Promise<FloorPhase> {
  const ext = compiled ? '.js' : '.ts';
  const child = fork(fileURLToPath(new URL(`./lib/fetch-floor-child${ext}`, import.meta.url)), [], {
    execArgv: compiled ? [] : ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise<FloorPhase>((resolve, reject) => {
    child.once('message', (m: { ok: true; phase: FloorPhase } | { ok: false; message: string }) =>
      m.ok ? resolve(m.phase) : reject(new Error(`fetch floor: ${m.message}`)),
    );
    child.once('exit', (code) => reject(new Error(`fetch floor: child exited with ${code}`)));
    child.send({ urls, concurrency: lanes, passes, recorded });
  });
}
