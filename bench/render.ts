/**
 * bench:render: N fixture pages on a loopback server, each rendered in Chromium with the visibility
 * probe, a viewport and a full-page screenshot. Prints renders per second, CPU per render (the
 * browser's process tree and this process) and peak memory (this process plus the browser's whole
 * process tree: RSS summed, an upper bound, and PSS), then one JSON line. The pages are generated
 * here (text, a stylesheet, inline images, a script that inserts content after load, a hidden
 * link), so the run needs nothing outside the repository.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_EXECUTABLE_PATH, executableProblem } from '../src/render/browser-launch.ts';
import { treeCpuMs, treeMemory } from '../src/render/browser-processes.ts';
import { RenderService } from '../src/render/render-service.ts';
import { fmt } from './lib/measure.ts';
import { hasFlag, numberFlag } from './lib/args.ts';

const argv = process.argv.slice(2);
const pages = numberFlag(argv, 'pages', 40);
const renders = numberFlag(argv, 'renders', 200);
const concurrency = numberFlag(argv, 'concurrency', 2);
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
  const items = Array.from({ length: 30 }, (_, i) => `<li><a href="/news/${n}-${i}.html">お知らせ ${i}: 令和6年${(i % 12) + 1}月の発表 (item ${i} of page ${n})</a></li>`).join('');
  const paragraphs = Array.from({ length: 12 }, (_, i) => `<p>本文 ${i}。行政手続きの案内と申請方法について説明します。Paragraph ${i} of page ${n} explains the procedure.</p>`).join('');
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

const service = new RenderService({
  executablePath: DEFAULT_EXECUTABLE_PATH, concurrency, timeoutMs: 60_000, recyclePagesAfter: 50, restartBrowserAfter: 10_000,
  policy: { allowLoopback: true, allowPrivate: false, allowCidrs: [] },
});

let peakRss = process.memoryUsage().rss;
let peakPss = 0;
let peakBrowserRss = 0;
/** CPU this process spent reading /proc for the memory figures: the bench's, not a render's, so left out. */
let samplerCpuUs = 0;
const sample = (): void => {
  const start = process.cpuUsage();
  const pid = service.pool.browserPid();
  const browser = pid === null ? { rssBytes: 0, pssBytes: 0 } : treeMemory(pid);
  const own = process.memoryUsage().rss;
  peakRss = Math.max(peakRss, own + browser.rssBytes);
  peakPss = Math.max(peakPss, own + browser.pssBytes);
  peakBrowserRss = Math.max(peakBrowserRss, browser.rssBytes);
  const spent = process.cpuUsage(start);
  samplerCpuUs += spent.user + spent.system;
};
// Once a second: the load is steady, so its peak is found as well as at 200 ms, and reading
// smaps_rollup for every browser process is costly enough (the kernel walks their page tables)
// that sampling five times a second took half this process's CPU from the renders it measured.
const sampler = setInterval(sample, 1000);

let failures = 0;
let hidden = 0;
let screenshotBytes = 0;
async function renderAll(count: number, offset: number): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      try {
        const result = await service.render({ url: `${origin}/p/${(offset + i) % pages}`, screenshots });
        hidden += result.probe.hidden;
        screenshotBytes += (result.screenshots?.viewport.length ?? 0) + (result.screenshots?.fullPage.length ?? 0);
      } catch (error) {
        failures += 1;
        console.error(`render failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

try {
  await renderAll(warmup, 0); // browser start and first compilations are not what is measured
  failures = 0;
  hidden = 0;
  screenshotBytes = 0;
  // CPU time, unlike renders per second, hardly moves with what else the host runs: it says where a
  // render's cost is and what two cores could do at best.
  const browserPid = service.pool.browserPid();
  const browserCpuStart = browserPid === null ? 0 : treeCpuMs(browserPid);
  const ownCpuStart = process.cpuUsage();
  const samplerCpuStart = samplerCpuUs;
  const started = performance.now();
  await renderAll(renders, warmup);
  const seconds = (performance.now() - started) / 1000;
  const ownCpu = process.cpuUsage(ownCpuStart);
  const sameBrowser = browserPid !== null && service.pool.browserPid() === browserPid;
  const browserCpuMs = sameBrowser ? (treeCpuMs(browserPid) - browserCpuStart) / renders : null;
  const nodeCpuMs = (ownCpu.user + ownCpu.system - (samplerCpuUs - samplerCpuStart)) / 1000 / renders;
  sample();
  const perSecond = renders / seconds;
  const stats = service.stats();
  console.log(`bench:render — ${renders} renders of ${pages} fixture pages, ${concurrency} at once, each with probe${screenshots ? ' + viewport + full-page PNG' : ' (no screenshots)'}`);
  console.log(`  ${fmt(perSecond)} renders/s (${fmt((seconds * 1000) / renders)} ms each on average; ${failures} failed)`);
  console.log(browserCpuMs === null
    ? `  CPU per render: this process ${fmt(nodeCpuMs, 0)} ms (the browser was restarted during the run, so its CPU is not counted)`
    : `  CPU per render: browser ${fmt(browserCpuMs, 0)} ms + this process ${fmt(nodeCpuMs, 0)} ms; 2 cores could do at most ${fmt(2000 / (browserCpuMs + nodeCpuMs))} renders/s`);
  console.log(`  peak memory, this process + browser tree: RSS ${fmt(peakRss / 2 ** 20, 0)} MB (browser ${fmt(peakBrowserRss / 2 ** 20, 0)} MB), PSS ${fmt(peakPss / 2 ** 20, 0)} MB`);
  console.log(`  screenshots: ${fmt(screenshotBytes / renders / 1024, 0)} KB per render; hidden elements found per render: ${fmt(hidden / renders, 1)}`);
  console.log(`  pool: ${stats.launches} launches, ${stats.contextsCreated} contexts, ${stats.crashes} crashes, ${stats.timeouts} timeouts`);
  console.log(JSON.stringify({
    bench: 'render', pages, renders, concurrency, screenshots, rendersPerSecond: Math.round(perSecond * 100) / 100, failures,
    peakRssMb: Math.round(peakRss / 2 ** 20), peakPssMb: Math.round(peakPss / 2 ** 20), browserPeakRssMb: Math.round(peakBrowserRss / 2 ** 20),
    screenshotKbPerRender: Math.round(screenshotBytes / renders / 1024),
    browserCpuMsPerRender: browserCpuMs === null ? null : Math.round(browserCpuMs), nodeCpuMsPerRender: Math.round(nodeCpuMs),
  }));
} finally {
  clearInterval(sampler);
  await service.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
