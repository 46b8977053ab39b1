/**
 * /metrics served by a real Mamori (startMamori on SQLite, the API on loopback) after real checks of
 * a loopback site: one page stays up, one answers 503.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startMamori, type RunningMamori } from '../../app/mamori.ts';
import type { ConfigOverrides } from '../../config/schema.ts';
import { startHttpServer, type TestServer } from '../../fetch/test-servers.ts';
import { silentLog, tempDir, testConfig } from '../../../test/helpers.ts';
import { tokenMatches } from './metrics.ts';

/** The value of one series in the exposition text, or null when it is absent. */
function sample(text: string, series: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : null;
}

describe('GET /metrics', () => {
  let site: TestServer | null = null;
  let mamori: RunningMamori | null = null;
  let tmp: ReturnType<typeof tempDir> | null = null;

  afterEach(async () => {
    await mamori?.stop();
    await site?.close();
    tmp?.remove();
    mamori = null;
  });

  async function start(overrides: ConfigOverrides): Promise<string> {
    site = await startHttpServer((req, res) => {
      res.writeHead(req.url === '/down/' ? 503 : 200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(
        '<html><head><title>お知らせ</title></head><body><h1>お知らせ</h1><p>市からのお知らせです。</p></body></html>',
      );
    });
    tmp = tempDir('mamori-metrics-');
    const config = testConfig(tmp.dir, {
      render: { enabled: false },
      evidence: { enabled: false },
      scheduler: { defaultIntervalSeconds: 5, tickMs: 20 },
      estate: {
        organisations: [
          {
            slug: 'city',
            name: 'City',
            sites: [{ origin: site.origin, pages: [`${site.origin}/`, `${site.origin}/down/`] }],
          },
        ],
      },
      ...overrides,
    });
    mamori = await startMamori(config, silentLog);
    return mamori.server!.url;
  }

  async function scrapeUntil(url: string, ready: (text: string) => boolean): Promise<string> {
    for (let i = 0; i < 400; i++) {
      const text = await (await fetch(`${url}/metrics`)).text();
      if (ready(text)) return text;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('metrics never showed the expected checks');
  }

  it('counts real checks by verdict and outcome and reports scheduler, queue, incidents and outbox', async () => {
    const url = await start({});
    const text = await scrapeUntil(
      url,
      (t) =>
        (sample(t, 'mamori_checks_total{verdict="down",outcome="http-5xx"}') ?? 0) >= 1 &&
        (sample(t, 'mamori_checks_total{verdict="unchanged",outcome="ok"}') ?? 0) +
          (sample(t, 'mamori_checks_total{verdict="changed",outcome="ok"}') ?? 0) >=
          1,
    );
    expect(text).toContain('# TYPE mamori_checks_total counter');
    expect(sample(text, 'mamori_scheduler_pages')).toBe(2);
    expect(sample(text, 'mamori_scheduler_lag_seconds')).not.toBeNull();
    for (const state of ['waiting', 'active', 'failed'])
      expect(sample(text, `mamori_queue_jobs{state="${state}"}`)).not.toBeNull();
    expect(sample(text, 'mamori_notifications{state="pending"}')).toBe(0);
    expect(sample(text, 'mamori_notifications{state="failed"}')).toBe(0);
    expect(sample(text, 'mamori_process_cpu_seconds_total')).not.toBeNull();
    // The 503 page opened a down incident: it shows in the open-incident gauge once the rollup ran.
    const withIncident = await scrapeUntil(url, (t) =>
      SEVERITIES.some((s) => (sample(t, `mamori_incidents_open{scope="page",severity="${s}"}`) ?? 0) >= 1),
    );
    const open = SEVERITIES.reduce(
      (n, s) => n + (sample(withIncident, `mamori_incidents_open{scope="page",severity="${s}"}`) ?? 0),
      0,
    );
    expect(open).toBe(1);
  }, 30_000);

  it('asks for the bearer token when metrics.token is set, and is absent when disabled', async () => {
    const url = await start({ metrics: { token: 's3cret-token' } });
    const denied = await fetch(`${url}/metrics`);
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toContain('Bearer');
    const ok = await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer s3cret-token' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('text/plain');
    await mamori!.stop();
    await site!.close();
    tmp!.remove();
    const off = await start({ metrics: { enabled: false } });
    expect((await fetch(`${off}/metrics`)).status).toBe(404);
  }, 30_000);

  it('compares tokens exactly', () => {
    expect(tokenMatches('Bearer abc', 'abc')).toBe(true);
    expect(tokenMatches('bearer abc', 'abc')).toBe(true);
    expect(tokenMatches('Bearer abcd', 'abc')).toBe(false);
    expect(tokenMatches(undefined, 'abc')).toBe(false);
    expect(tokenMatches('abc', 'abc')).toBe(false);
  });
});

const SEVERITIES = ['low', 'medium', 'high', 'critical'];
