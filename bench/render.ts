/**
 * bench:render: N fixture pages on a loopback server, each rendered in Chromium with the visibility
 * probe and the screenshots, at several concurrencies side by side (a fresh browser for each). Each
 * page is rendered several times over a run, and each render is given the signature of the page's
 * last full-page PNG as the render stage gives it (a render that finds nothing changed below the first
 * screen takes none). Beside each, in the same run, the minimal render: one reused page per lane,
 * `goto` until load and one viewport PNG, same pages and launch switches. Prints renders per second,
 * CPU per render (the browser's process tree and this process) and its ratio to the minimal render's
 * (for the whole run, and apart for a page's first render, which takes the full-page PNG, and later ones),
 * and peak memory (this process plus the browser's whole process tree: RSS summed, an upper bound,
 * and PSS; this process's RSS carries over from one run to the next) for each, then one JSON line
 * whose top-level figures are those at the configured default concurrency. The pages are generated
 * here (text, a stylesheet, inline images, a script that inserts content after load, a hidden link),
 * so the run needs nothing outside the repository.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RENDER_CONCURRENCY_DEFAULT as DEFAULT_CONCURRENCY } from '../src/config/schema.ts';
import { chromium, type Page } from 'playwright-core';
import { DEFAULT_EXECUTABLE_PATH, baseChromiumArgs, executableProblem } from '../src/render/browser-launch.ts';
import { findBrowserPid, treeCpuMs, treeMemory } from '../src/render/browser-processes.ts';
import { RenderService } from '../src/render/render-service.ts';
import { fmt } from './lib/measure.ts';
import { hasFlag, numberFlag, numberListFlag } from './lib/args.ts';

const argv = process.argv.slice(2);
const pages = numberFlag(argv, 'pages', 40);
const renders = numberFlag(argv, 'renders', 200);
const concurrencies = numberListFlag(
  argv,
  'concurrency',
  [...new Set([2, DEFAULT_CONCURRENCY])].sort((a, b) => a - b),
);
const warmup = numberFlag(argv, 'warmup', 8);
/** Without screenshots: how much of a render's cost is the PNGs. */
const screenshots = !hasFlag(argv, 'no-screenshots');

const problem = await executableProblem(DEFAULT_EXECUTABLE_PATH);
if (problem) {
  console.error(`bench:render needs Chromium: ${problem}`);
  process.exit(2);
}

const PIXEL = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

function fixturePage(n: number): string {
  const items = Array.from(
    { length: 30 },
    (_, i) =>
      `<li><a href="/news/${n}-${i}.html">お知らせ ${i}: 令和6年${(i % 12) + 1}月の発表 (item ${i} of page ${n})</a></li>`,
  ).join('');
  const paragraphs = Array.from(
    { length: 12 },
    (_, i) =>
      `<p>本文 ${i}。行政手続きの案内と申請方法について説明します。Paragraph ${i} of page ${n} explains the procedure.</p>`,
  ).join('');
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>Fixture ${n}</title>
<style>body{font-family:sans-serif;margin:0}header{background:#036;color:#fff;padding:16px}.grid{display:grid;grid-template-columns:1fr 1fr;gap:8px}.x{display:none}</style></head>
<body><header><h1>府省庁 ${n}</h1><nav><a href="/">ホーム</a> <a href="/about">概要</a></nav></header>
<main><div class="grid"><section><ul>${items}</ul></section><section>${paragraphs}<img src="${PIXEL}" width="200" height="120" alt="photo"></section></div>
<p class="x"><a href="https://hidden-${n}.example/">hidden</a></p><div id="late"></div></main>
<script>window.addEventListener('load', function () { var d = document.getElementById('late'); d.textContent = 'loaded ' + ${n}; });</script>
</body></html>`;
}

const bodies = Array.from({ length: pages }, (_, i) => fixturePage(i));
const server = http.createServer((req, res) => {
  const n = Number(/^\/p\/(\d+)/.exec(req.url ?? '')?.[1] ?? -1);
  const body = bodies[n];
  if (body === undefined) res.writeHead(404).end();
  else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/** The figures of one run that go into the JSON line. */
interface RunFigures {
  concurrency: number;
  rendersPerSecond: number;
  failures: number;
  peakRssMb: number;
  peakPssMb: number;
  browserPeakRssMb: number;
  screenshotKbPerRender: number;
  /** Null when the browser was restarted during the run (its CPU is then not counted). */
  browserCpuMsPerRender: number | null;
  nodeCpuMsPerRender: number;
  /** (browser + this process) over the minimal render's, measured in the same run; null without the browser's CPU. */
  ratioToMinimal: number | null;
  minimalCpuMsPerRender: number;
  /** The renders of pages never rendered before in the run (each takes its full-page PNG); null when there were none. */
  firstRender: PartFigures | null;
  /** The renders of pages rendered before (the full-page PNG only when something below the first screen changed). */
  repeatRender: PartFigures | null;
}

/** CPU per render of one part of a run, and its ratio to the minimal render's. */
interface PartFigures {
  renders: number;
  browserCpuMsPerRender: number | null;
  nodeCpuMsPerRender: number;
  ratioToMinimal: number | null;
}

/** A run: its figures, and what only the printed report shows. */
interface Run {
  figures: RunFigures;
  hiddenPerRender: number;
  fullPagesKept: number;
  minimal: MinimalFigures;
  pool: { launches: number; contexts: number; crashes: number; timeouts: number; resetsViaBlank: number };
}

/** Peak memory of this process and the browser's tree, sampled once a second. */
class MemorySampler {
  peakRss = process.memoryUsage().rss;
  peakPss = 0;
  peakBrowserRss = 0;
  /** CPU this process spent reading /proc for the memory figures: the bench's, not a render's, so left out. */
  cpuUs = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly service: RenderService) {
    // Once a second: the load is steady, so its peak is found as well as at 200 ms, and reading
    // smaps_rollup for every browser process is costly enough (the kernel walks their page tables)
    // that sampling five times a second took half this process's CPU from the renders it measured.
    this.timer = setInterval(() => this.sample(), 1000);
  }

  sample(): void {
    const start = process.cpuUsage();
    const pid = this.service.pool.browserPid();
    const browser = pid === null ? { rssBytes: 0, pssBytes: 0 } : treeMemory(pid);
    const own = process.memoryUsage().rss;
    this.peakRss = Math.max(this.peakRss, own + browser.rssBytes);
    this.peakPss = Math.max(this.peakPss, own + browser.pssBytes);
    this.peakBrowserRss = Math.max(this.peakBrowserRss, browser.rssBytes);
    const spent = process.cpuUsage(start);
    this.cpuUs += spent.user + spent.system;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** What a batch of renders found. */
interface BatchTally {
  failures: number;
  hidden: number;
  screenshotBytes: number;
  /** Renders that took no full-page PNG because nothing below the first screen changed. */
  fullPagesKept: number;
}

/** `count` renders of the fixture pages from `offset` on, `concurrency` at a time. */
async function renderBatch(
  service: RenderService,
  belowFold: Map<string, string>,
  concurrency: number,
  count: number,
  offset: number,
): Promise<BatchTally> {
  const tally: BatchTally = { failures: 0, hidden: 0, screenshotBytes: 0, fullPagesKept: 0 };
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      try {
        const url = `${origin}/p/${(offset + i) % pages}`;
        // As the render stage does: the signature of the full-page PNG held for this page, if any.
        const known = belowFold.get(url);
        const result = await service.render({ url, screenshots, ...(known ? { knownBelowFold: known } : {}) });
        if (result.belowFold) belowFold.set(url, result.belowFold);
        if (result.screenshots && result.screenshots.fullPage === null) tally.fullPagesKept += 1;
        tally.hidden += result.probe.hidden;
        tally.screenshotBytes +=
          (result.screenshots?.viewport.length ?? 0) + (result.screenshots?.fullPage?.length ?? 0);
      } catch (error) {
        tally.failures += 1;
        console.error(`render failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return tally;
}

/** A batch's tally and the CPU it took: the browser's tree (null when the browser changed) and this process's. */
interface MeasuredBatch {
  tally: BatchTally;
  browserCpuMs: number | null;
  nodeCpuMs: number;
}

async function measuredBatch(
  service: RenderService,
  memory: MemorySampler,
  browserPid: number | null,
  batch: () => Promise<BatchTally>,
): Promise<MeasuredBatch> {
  const browserCpuStart = browserPid === null ? 0 : treeCpuMs(browserPid);
  const ownCpuStart = process.cpuUsage();
  const samplerCpuStart = memory.cpuUs;
  const tally = await batch();
  const ownCpu = process.cpuUsage(ownCpuStart);
  const sameBrowser = browserPid !== null && service.pool.browserPid() === browserPid;
  return {
    tally,
    browserCpuMs: sameBrowser ? treeCpuMs(browserPid) - browserCpuStart : null,
    // The memory sampler's reads of /proc are the bench's, not a render's.
    nodeCpuMs: (ownCpu.user + ownCpu.system - (memory.cpuUs - samplerCpuStart)) / 1000,
  };
}

function partFigures(count: number, part: MeasuredBatch, minimal: MinimalFigures): PartFigures | null {
  if (count === 0) return null;
  const browser = part.browserCpuMs === null ? null : part.browserCpuMs / count;
  const node = part.nodeCpuMs / count;
  const floor = minimal.browserCpuMsPerRender + minimal.nodeCpuMsPerRender;
  return {
    renders: count,
    browserCpuMsPerRender: browser === null ? null : Math.round(browser),
    nodeCpuMsPerRender: Math.round(node),
    ratioToMinimal: browser === null ? null : Math.round(((browser + node) / floor) * 100) / 100,
  };
}

async function runAt(concurrency: number, minimal: MinimalFigures): Promise<Run> {
  const service = new RenderService({
    executablePath: DEFAULT_EXECUTABLE_PATH,
    concurrency,
    timeoutMs: 60_000,
    recyclePagesAfter: 50,
    restartBrowserAfter: 10_000,
    policy: { allowLoopback: true, allowPrivate: false, allowCidrs: [] },
  });
  const memory = new MemorySampler(service);
  const belowFold = new Map<string, string>();
  try {
    await renderBatch(service, belowFold, concurrency, warmup, 0); // browser start and first compilations are not what is measured
    // CPU time, unlike renders per second, hardly moves with what else the host runs: it says where a
    // render's cost is and what two cores could do at best. A page's first render takes its full-page
    // PNG and later ones of an unchanged page do not, so the two are measured apart: first the pages
    // the warm-up did not reach (each rendered for the first time), then the rest of the run.
    const browserPid = service.pool.browserPid();
    const firstCount = Math.min(renders, Math.max(0, pages - warmup));
    const started = performance.now();
    const first = await measuredBatch(service, memory, browserPid, () =>
      renderBatch(service, belowFold, concurrency, firstCount, warmup),
    );
    const repeat = await measuredBatch(service, memory, browserPid, () =>
      renderBatch(service, belowFold, concurrency, renders - firstCount, warmup + firstCount),
    );
    const seconds = (performance.now() - started) / 1000;
    const failures = first.tally.failures + repeat.tally.failures;
    const hidden = first.tally.hidden + repeat.tally.hidden;
    const screenshotBytes = first.tally.screenshotBytes + repeat.tally.screenshotBytes;
    const fullPagesKept = first.tally.fullPagesKept + repeat.tally.fullPagesKept;
    const browserCpuMs =
      first.browserCpuMs === null || repeat.browserCpuMs === null
        ? null
        : (first.browserCpuMs + repeat.browserCpuMs) / renders;
    const nodeCpuMs = (first.nodeCpuMs + repeat.nodeCpuMs) / renders;
    memory.sample();
    const stats = service.stats();
    const figures: RunFigures = {
      concurrency,
      rendersPerSecond: Math.round((renders / seconds) * 100) / 100,
      failures,
      peakRssMb: Math.round(memory.peakRss / 2 ** 20),
      peakPssMb: Math.round(memory.peakPss / 2 ** 20),
      browserPeakRssMb: Math.round(memory.peakBrowserRss / 2 ** 20),
      screenshotKbPerRender: Math.round(screenshotBytes / renders / 1024),
      browserCpuMsPerRender: browserCpuMs === null ? null : Math.round(browserCpuMs),
      nodeCpuMsPerRender: Math.round(nodeCpuMs),
      ratioToMinimal: null,
      minimalCpuMsPerRender: minimal.browserCpuMsPerRender + minimal.nodeCpuMsPerRender,
      firstRender: partFigures(firstCount, first, minimal),
      repeatRender: partFigures(renders - firstCount, repeat, minimal),
    };
    figures.ratioToMinimal = ratioToMinimal(figures, minimal);
    const pool = {
      launches: stats.launches,
      contexts: stats.contextsCreated,
      crashes: stats.crashes,
      timeouts: stats.timeouts,
      resetsViaBlank: stats.resetsViaBlank,
    };
    return { figures, hiddenPerRender: hidden / renders, fullPagesKept, minimal, pool };
  } finally {
    memory.stop();
    await service.close();
  }
}

/** CPU per render of the minimal render (browser tree + this process), the reference Mamori is read against. */
interface MinimalFigures {
  concurrency: number;
  rendersPerSecond: number;
  browserCpuMsPerRender: number;
  nodeCpuMsPerRender: number;
}

/**
 * The least a render can be: the same Chromium at the same switches (without the pool's proxy, which
 * is part of the guard measured on Mamori's side), one page per lane reused for every render, `goto`
 * until load and one viewport PNG. No isolation between renders, no probe, no guard, no settling.
 */
async function runMinimal(concurrency: number): Promise<MinimalFigures> {
  const marker = `bench-minimal-${process.pid}-${concurrency}`;
  const browser = await chromium.launch({
    executablePath: DEFAULT_EXECUTABLE_PATH,
    headless: true,
    args: [...baseChromiumArgs(), `--mamori-instance=${marker}`],
  });
  try {
    const lanes: Page[] = [];
    for (let i = 0; i < concurrency; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      lanes.push(await context.newPage());
    }
    const batch = async (count: number, offset: number): Promise<void> => {
      let next = 0;
      await Promise.all(
        lanes.map(async (page) => {
          for (let i = next++; i < count; i = next++) {
            await page.goto(`${origin}/p/${(offset + i) % pages}`, { waitUntil: 'load' });
            await page.screenshot({ type: 'png' });
          }
        }),
      );
    };
    await batch(warmup, 0);
    const pid = findBrowserPid(marker);
    if (pid === null) throw new Error('the minimal render browser was not found in /proc');
    const browserStart = treeCpuMs(pid);
    const ownStart = process.cpuUsage();
    const started = performance.now();
    await batch(renders, warmup);
    const seconds = (performance.now() - started) / 1000;
    const own = process.cpuUsage(ownStart);
    return {
      concurrency,
      rendersPerSecond: Math.round((renders / seconds) * 100) / 100,
      browserCpuMsPerRender: Math.round((treeCpuMs(pid) - browserStart) / renders),
      nodeCpuMsPerRender: Math.round((own.user + own.system) / 1000 / renders),
    };
  } finally {
    await browser.close();
  }
}

/** Mamori's CPU per render over the minimal render's, both browser tree + this process. */
function ratioToMinimal(run: RunFigures, minimal: MinimalFigures): number | null {
  if (run.browserCpuMsPerRender === null) return null;
  const ours = run.browserCpuMsPerRender + run.nodeCpuMsPerRender;
  const floor = minimal.browserCpuMsPerRender + minimal.nodeCpuMsPerRender;
  return Math.round((ours / floor) * 100) / 100;
}

function describeRun({ figures: r, hiddenPerRender, fullPagesKept, pool, minimal }: Run): string[] {
  const cpu =
    r.browserCpuMsPerRender === null
      ? `CPU per render: this process ${fmt(r.nodeCpuMsPerRender, 0)} ms (the browser was restarted during the run, so its CPU is not counted)`
      : `CPU per render: browser ${fmt(r.browserCpuMsPerRender, 0)} ms + this process ${fmt(r.nodeCpuMsPerRender, 0)} ms; 2 cores could do at most ${fmt(2000 / (r.browserCpuMsPerRender + r.nodeCpuMsPerRender))} renders/s`;
  return [
    `${r.concurrency} at once${r.concurrency === DEFAULT_CONCURRENCY ? ' (the default, render.concurrency)' : ''}:`,
    `  ${fmt(r.rendersPerSecond)} renders/s (${r.failures} failed)`,
    `  ${cpu}`,
    `  peak memory, this process + browser tree: RSS ${r.peakRssMb} MB (browser ${r.browserPeakRssMb} MB), PSS ${r.peakPssMb} MB`,
    `  screenshots: ${r.screenshotKbPerRender} KB per render; hidden elements found per render: ${fmt(hiddenPerRender, 1)}; full-page PNG kept (nothing below the first screen changed) in ${fullPagesKept} of ${renders}`,
    `  pool: ${pool.launches} launches, ${pool.contexts} contexts, ${pool.crashes} crashes, ${pool.timeouts} timeouts, ${pool.resetsViaBlank} slot resets through about:blank`,
    `  minimal render, same run: ${fmt(minimal.rendersPerSecond)} renders/s, browser ${fmt(minimal.browserCpuMsPerRender, 0)} ms + this process ${fmt(minimal.nodeCpuMsPerRender, 0)} ms per render`,
    `  Mamori's CPU per render / the minimal render's: ${r.ratioToMinimal === null ? 'n/a (browser restarted)' : `${fmt(r.ratioToMinimal)}x`}`,
    ...describePart("a page's first render (full-page PNG taken)", r.firstRender),
    ...describePart('a page rendered before', r.repeatRender),
  ];
}

function describePart(what: string, part: PartFigures | null): string[] {
  if (part === null) return [];
  const cpu =
    part.browserCpuMsPerRender === null
      ? `this process ${fmt(part.nodeCpuMsPerRender, 0)} ms`
      : `browser ${fmt(part.browserCpuMsPerRender, 0)} ms + this process ${fmt(part.nodeCpuMsPerRender, 0)} ms`;
  const ratio = part.ratioToMinimal === null ? 'n/a' : `${fmt(part.ratioToMinimal)}x`;
  return [`    ${what}, ${part.renders} renders: ${cpu}, ${ratio} the minimal render`];
}

try {
  const runs: Run[] = [];
  for (const concurrency of concurrencies) {
    // The reference first, then Mamori, one after the other on the same host in the same minute.
    const minimal = await runMinimal(concurrency);
    runs.push(await runAt(concurrency, minimal));
  }
  console.log(
    `bench:render — ${renders} renders of ${pages} fixture pages at each concurrency, each with probe${screenshots ? ' + screenshots' : ' (no screenshots)'}, beside the minimal render`,
  );
  for (const r of runs) for (const line of describeRun(r)) console.log(line);
  const all = runs.map((r) => r.figures);
  const headline = all.find((f) => f.concurrency === DEFAULT_CONCURRENCY) ?? all.at(0);
  if (!headline) throw new Error('--concurrency named no run');
  console.log(JSON.stringify({ bench: 'render', pages, renders, screenshots, ...headline, sideBySide: all }));
} finally {
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
