/**
 * Discovery end to end: sitemaps imported over HTTP are remembered as site sources, and a later pass
 * notices pages that should not exist when the sitemap grows.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRuntime, type Runtime } from '../src/app/runtime.ts';
import { createDemoEstate } from '../src/demo/estate.ts';
import { startEstateServer, type EstateServer } from '../src/demo/estate-server.ts';
import { discoverSites } from '../src/import/discover.ts';
import { importTargets } from '../src/import/import-service.ts';
import { silentLog, tempDir, testConfig } from './helpers.ts';

const BASE_PATHS = ['/', '/about/', '/news/0412.html'];
const GROWN_PATHS = [
  ...BASE_PATHS,
  '/hacked.html',
  '/wp-content/uploads/shell.php',
  ...Array.from({ length: 25 }, (_, i) => `/promo/slot-gacor-${String(i + 1).padStart(2, '0')}.html`),
];

function sitemap(origin: string, paths: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${paths
    .map((p) => `  <url><loc>${origin}${p}</loc></url>`)
    .join('\n')}\n</urlset>\n`;
}

describe('discovery', () => {
  let tmp: ReturnType<typeof tempDir>;
  let runtime: Runtime;
  let demo: EstateServer;
  let own: Server;
  let origin = '';
  let paths = BASE_PATHS;
  const deps = () => ({ store: runtime.store, fetcher: runtime.fetcher, now: () => Date.now() });

  beforeAll(async () => {
    tmp = tempDir();
    runtime = await openRuntime(testConfig(tmp.dir), silentLog);
    demo = await startEstateServer(createDemoEstate());
    own = createServer((req, res) => {
      if (req.url === '/sitemap.xml') {
        res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8' }).end(sitemap(origin, paths));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => own.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(own.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve, reject) => own.close((e) => (e ? reject(e) : resolve())));
    await demo.close();
    await runtime.close();
    tmp.remove();
  });

  it('remembers a demo site sitemap imported over HTTP, and finds nothing new in it', async () => {
    const courts = demo.sites.find((s) => s.key === 'courts')!;
    const imported = await importTargets(deps(), `${courts.origin}/sitemap.xml`, {});
    expect(imported).toMatchObject({ ok: true, report: { format: 'sitemap' } });
    const sources = await runtime.store.listSiteSources();
    expect(sources).toEqual([
      expect.objectContaining({ url: `${courts.origin}/sitemap.xml`, kind: 'sitemap', lastReadAt: null }),
    ]);

    const report = await discoverSites(deps());
    expect(report).toMatchObject({ findings: [], added: 0, failed: 0 });
    expect((await runtime.store.listSiteSources())[0]!.lastReadAt).not.toBeNull();
  });

  it('finds hacked, shell and doorway pages when a sitemap grows, watches them, and adds nothing on the next pass', async () => {
    const imported = await importTargets(deps(), `${origin}/sitemap.xml`, {});
    expect(imported).toMatchObject({ ok: true, report: { added: 3 } });
    paths = GROWN_PATHS;

    const report = await discoverSites(deps());
    expect(report.failed).toBe(0);
    expect(report.added).toBe(27);
    const byUrl = new Map(
      report.findings.map((f) => [f.url.slice(origin.length), f.reasons.map((r) => `${r.code}:${r.severity}`)]),
    );
    expect(byUrl.size).toBe(27);
    expect(byUrl.get('/hacked.html')).toEqual(['defacer-path:high', 'page-burst:low']);
    expect(byUrl.get('/wp-content/uploads/shell.php')).toEqual(['defacer-path:high', 'page-burst:low']);
    for (let i = 1; i <= 25; i++)
      expect(byUrl.get(`/promo/slot-gacor-${String(i).padStart(2, '0')}.html`)).toEqual([
        'spam-path:medium',
        'page-burst:low',
      ]);
    expect(report.findings[0]!.reasons.find((r) => r.code === 'page-burst')!.message).toContain('one of 27 new pages');

    const site = (await runtime.store.getSiteByOrigin(origin))!;
    const pages = await runtime.store.listPages({ siteId: site.id, limit: 100 });
    expect(pages.total).toBe(30);
    expect(
      pages.items
        .filter((p) => p.source === 'discovered')
        .map((p) => p.url.slice(origin.length))
        .sort(),
    ).toEqual(GROWN_PATHS.slice(3).sort());
    expect(await runtime.store.listSiteFindings({ siteId: site.id, open: true, limit: 100 })).toHaveLength(27);

    const again = await discoverSites(deps());
    expect(again).toMatchObject({ findings: [], added: 0, failed: 0 });
    expect(await runtime.store.listSiteFindings({ siteId: site.id, limit: 100 })).toHaveLength(27);
  });

  it('reports a sitemap that cannot be fetched instead of throwing', async () => {
    paths = BASE_PATHS;
    const site = (await runtime.store.getSiteByOrigin(origin))!;
    await runtime.store.addSiteSource(site.id, `${origin}/gone.xml`, Date.now());
    const report = await discoverSites(deps());
    expect(report.failed).toBe(1);
    expect(report.sources.find((s) => s.url.endsWith('/gone.xml'))).toMatchObject({
      ok: false,
      message: expect.stringContaining('cannot fetch') as string,
    });
    expect(report.findings).toEqual([]);
  });
});
