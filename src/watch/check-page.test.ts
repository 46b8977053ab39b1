/** What a check reads of its page: the baseline only when the check needs it (issue 21). */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configuredFetcher } from '../app/runtime.ts';
import { ministryPage } from '../core/testing/fixtures.ts';
import { startHttpServer, type TestServer } from '../fetch/test-servers.ts';
import type { Fetcher } from '../fetch/types.ts';
import { systemClock } from '../pipeline/clock.ts';
import { FsBlobStore } from '../store/blob-store.ts';
import { openStore } from '../store/open-store.ts';
import { makeTempDir } from '../store/test-support.ts';
import type { EstateStore, Page } from '../store/types.ts';
import { silentLog, testConfig } from '../../test/helpers.ts';
import { CheckService } from './check-page.ts';
import { HostGate } from './host-gate.ts';

const T0 = 1_760_000_000_000;
const MIN_SAMPLES = 3;

describe('CheckService: what a check reads of its page', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let store: EstateStore;
  let server: TestServer;
  let fetcher: Fetcher;
  let body: string;
  let baselineReads: number;
  let page: Page;
  let checks: CheckService;

  beforeEach(async () => {
    dir = await makeTempDir();
    const real = await openStore({ url: `sqlite:${join(dir.path, 'c.db')}` });
    await real.migrate();
    baselineReads = 0;
    // The real store, counting what reads a page's baseline.
    store = new Proxy(real, {
      get(target, name, receiver) {
        if (name === 'getBaseline' || name === 'getPage') baselineReads += 1;
        const value: unknown = Reflect.get(target, name, receiver);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    body = ministryPage();
    server = await startHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      // In three writes a few milliseconds apart, so a large body arrives in several chunks.
      const bytes = Buffer.from(body);
      const third = Math.ceil(bytes.length / 3);
      const parts = [bytes.subarray(0, third), bytes.subarray(third, 2 * third), bytes.subarray(2 * third)];
      const next = (): void => {
        const part = parts.shift();
        if (part === undefined) return void res.end();
        res.write(part);
        setTimeout(next, 5);
      };
      next();
    });
    const config = testConfig(dir.path);
    fetcher = configuredFetcher(config);
    const org = await real.upsertOrganisation({ slug: 'moj', name: '法務省' }, T0);
    const site = await real.upsertSite({ organisationId: org.id, origin: server.origin }, T0);
    page = (await real.addPage({ siteId: site.id, url: `${server.origin}/news/`, source: 'declared' }, T0)).page;
    checks = new CheckService({
      store,
      blobs: new FsBlobStore(join(dir.path, 'blobs')),
      fetcher,
      gate: new HostGate(config.politeness, systemClock),
      clock: systemClock,
      log: silentLog,
      minSamples: MIN_SAMPLES,
    });
  });

  afterEach(async () => {
    await fetcher.close();
    await server.close();
    await store.close();
    await dir.remove();
  });

  const check = async () => (await checks.checkPage(page.id))?.check.verdict;

  it('judges an unchanged page of a learnt baseline without reading the baseline, and reads it to learn or analyse', async () => {
    // Learning: the first sight is analysed, identical bodies count as samples until the baseline is learnt.
    for (let i = 0; i < MIN_SAMPLES; i++) expect(await check()).toBe('unchanged');
    expect(baselineReads).toBe(MIN_SAMPLES);
    expect((await store.getPageHead(page.id))?.baselineFacts?.samples).toBe(MIN_SAMPLES);

    baselineReads = 0;
    expect(await check()).toBe('unchanged');
    expect(await check()).toBe('unchanged');
    expect(baselineReads).toBe(0);

    // A new body is analysed against the baseline, which is then read.
    body = ministryPage({
      news: ['令和6年5月1日 新しいお知らせを掲載しました', '令和6年4月1日 民法の一部を改正する法律が施行されました'],
    });
    expect(await check()).toBe('changed');
    expect(baselineReads).toBe(1);
  });

  it('never joins the body of an unchanged page into one buffer', async () => {
    body = ministryPage({
      news: Array.from({ length: 400 }, (_, i) => `令和6年4月${(i % 28) + 1}日 お知らせ第${i}号を掲載しました`),
    });
    for (let i = 0; i < MIN_SAMPLES; i++) expect(await check()).toBe('unchanged');
    const size = Buffer.byteLength(body);
    const concat = vi.spyOn(Buffer, 'concat');
    try {
      const joins = (): number =>
        concat.mock.calls.filter(([list]) => list.reduce((n, c) => n + c.length, 0) === size).length;
      expect(await check()).toBe('unchanged');
      expect(joins()).toBe(0);
      // The body does arrive in parts: a new one, which is decoded, is joined.
      body = `${body}<!-- -->`;
      await check();
      expect(
        concat.mock.calls.some(([list]) => list.length > 1 && list.reduce((n, c) => n + c.length, 0) === size + 8),
      ).toBe(true);
    } finally {
      concat.mockRestore();
    }
  });
});
