/**
 * bench:latency: time from a change on a loopback site (a defacement, at a random moment) to the
 * webhook that reports it, through Mamori as `serve` runs it (SQLite, in-process queue, incidents,
 * outbox, a real webhook receiver). Two modes side by side: the normal interval and the heightened
 * watch's shorter one. Each sample is its own site and organisation, defaced once with its own
 * signature, so no sample waits on another's incident or campaign. Ends with one JSON line.
 *
 * The heightened mode configures its interval directly rather than posting a threat: that is the
 * pace `intel.heightenedIntervalSeconds` gives a page under a threat (src/intel).
 */
import { startMamori } from '../src/app/mamori.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../src/alert/test-receivers.ts';
import { startHttpServer, type TestServer } from '../src/fetch/test-servers.ts';
import type { CheckEvent } from '../src/pipeline/check-event.ts';
import { hasFlag, numberFlag } from './lib/args.ts';
import { fmt } from './lib/measure.ts';
import { silentLog, tempDir, testConfig } from '../test/helpers.ts';

const argv = process.argv.slice(2);
const samples = numberFlag(argv, 'samples', 20);
const normalInterval = numberFlag(argv, 'interval', 10);
const heightenedInterval = numberFlag(argv, 'heightened-interval', 5);
/** The browser reviews every changed check when on; off by default (bench:render measures it). */
const render = hasFlag(argv, 'render');

const PAGE = (
  n: number,
  defaced: boolean,
): string => `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>${defaced ? `Hacked by crew${n}` : 'お知らせ'}</title></head>
<body><header><h1>${defaced ? `Hacked by crew${n}` : `市役所 第${n}課のお知らせ`}</h1></header>
<main><p>市からのお知らせです。窓口の受付時間は平日の午前8時30分から午後5時15分までです。</p>
<ul><li>令和8年度の予算について</li><li>防災訓練のお知らせ</li></ul></main></body></html>`;

interface Site {
  n: number;
  server: TestServer;
  defaced: boolean;
  changedAt: number | null;
}

async function startSites(count: number): Promise<Site[]> {
  const sites: Site[] = [];
  for (let n = 0; n < count; n++) {
    const site: Site = { n, server: null as unknown as TestServer, defaced: false, changedAt: null };
    site.server = await startHttpServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(PAGE(n, site.defaced));
    });
    sites.push(site);
  }
  return sites;
}

/** When the first `incident.opened` for each origin arrived, polled every 5 ms (the error it adds is at most that). */
function watchDeliveries(hook: WebhookReceiver): { arrivals: Map<string, number>; stop(): void } {
  const arrivals = new Map<string, number>();
  let seen = 0;
  const timer = setInterval(() => {
    for (; seen < hook.received.length; seen++) {
      const body = JSON.parse(hook.received[seen]!.body) as { event: string; site: { origin: string } };
      if (body.event === 'incident.opened' && !arrivals.has(body.site.origin))
        arrivals.set(body.site.origin, Date.now());
    }
  }, 5);
  return { arrivals, stop: () => clearInterval(timer) };
}

async function until(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

interface ModeResult {
  mode: string;
  intervalSeconds: number;
  latenciesMs: number[];
  missed: number;
}

async function runMode(mode: string, intervalSeconds: number): Promise<ModeResult> {
  const sites = await startSites(samples);
  const hook = await startWebhookReceiver();
  const tmp = tempDir('mamori-latency-');
  const checks = new Map<string, number>();
  const observer = {
    name: 'bench',
    onCheck: (e: CheckEvent) => {
      checks.set(e.page.url, (checks.get(e.page.url) ?? 0) + 1);
      return Promise.resolve();
    },
  };
  const config = testConfig(tmp.dir, {
    render: { enabled: render },
    evidence: { enabled: true },
    scheduler: { defaultIntervalSeconds: intervalSeconds },
    estate: {
      organisations: sites.map((s) => ({
        slug: `org${s.n}`,
        name: `Org ${s.n}`,
        sites: [{ origin: s.server.origin, pages: [`${s.server.origin}/`] }],
      })),
    },
    alerts: {
      channels: [{ name: 'hook', type: 'webhook', url: hook.url, secret: 'bench-latency-shared-secret' }],
      routes: [{ organisations: [], minSeverity: 'low', channels: ['hook'] }],
    },
  });
  const mamori = await startMamori(config, silentLog, { observers: [observer], serve: false });
  const deliveries = watchDeliveries(hook);
  try {
    // Baselines need baseline.minSamples checks (3); the first checks are spread over one interval.
    const learnt = await until(
      () => sites.every((s) => (checks.get(`${s.server.origin}/`) ?? 0) >= 3),
      (intervalSeconds * 5 + 20) * 1000,
    );
    if (!learnt) throw new Error(`${mode}: baselines were not learnt in time; is the machine overloaded?`);
    // Deface each site once, at a random moment over 1.5 intervals, so changes fall anywhere in the check cycle.
    const spreadMs = intervalSeconds * 1500;
    await Promise.all(
      sites.map(
        (s) =>
          new Promise<void>((resolve) =>
            setTimeout(() => {
              s.defaced = true;
              s.changedAt = Date.now();
              resolve();
            }, Math.random() * spreadMs),
          ),
      ),
    );
    await until(() => deliveries.arrivals.size === sites.length, (intervalSeconds + 30) * 1000);
  } finally {
    deliveries.stop();
    await mamori.stop();
    await hook.close();
    for (const s of sites) await s.server.close();
    tmp.remove();
  }
  const latenciesMs: number[] = [];
  for (const s of sites) {
    const at = deliveries.arrivals.get(s.server.origin);
    if (at !== undefined && s.changedAt !== null) latenciesMs.push(at - s.changedAt);
  }
  return {
    mode,
    intervalSeconds,
    latenciesMs: latenciesMs.sort((a, b) => a - b),
    missed: sites.length - latenciesMs.length,
  };
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const results: ModeResult[] = [];
for (const [mode, interval] of [
  ['normal', normalInterval],
  ['heightened', heightenedInterval],
] as const) {
  process.stdout.write(
    `${mode}: ${samples} sites checked every ${interval} s, learning baselines, then defacing each once...\n`,
  );
  results.push(await runMode(mode, interval));
}

const rows = results.map((r) => {
  const p50 = percentile(r.latenciesMs, 50) / 1000;
  const p95 = percentile(r.latenciesMs, 95) / 1000;
  const max = (r.latenciesMs.at(-1) ?? NaN) / 1000;
  return { ...r, p50, p95, max, target: r.intervalSeconds + 5, met: r.missed === 0 && p95 <= r.intervalSeconds + 5 };
});
console.log('\nchange on the site → webhook delivered (seconds)\n');
console.log(`| mode | interval | samples | p50 | p95 | max | missed | target p95 ≤ | met |`);
console.log(`| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |`);
for (const r of rows)
  console.log(
    `| ${r.mode} | ${r.intervalSeconds} s | ${r.latenciesMs.length} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.max)} | ${r.missed} | ${r.target} s | ${r.met ? 'yes' : 'no'} |`,
  );
console.log(
  JSON.stringify({
    bench: 'latency',
    samples,
    render,
    modes: Object.fromEntries(
      rows.map((r) => [
        r.mode,
        {
          intervalSeconds: r.intervalSeconds,
          n: r.latenciesMs.length,
          missed: r.missed,
          p50s: Number(fmt(r.p50)),
          p95s: Number(fmt(r.p95)),
          maxs: Number(fmt(r.max)),
          targetMet: r.met,
        },
      ]),
    ),
  }),
);
