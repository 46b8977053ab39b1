/**
 * Pages that discovery finds are checked through the real pipeline: a dropped web shell and a doorway
 * page raise an incident and a notification on their first check, and are not learnt as the page's
 * normal; a new page of the site's own making is learnt as usual.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRuntime, type Runtime } from '../src/app/runtime.ts';
import { ministryPage } from '../src/core/testing/fixtures.ts';
import { discoverSites } from '../src/import/discover.ts';
import { importTargets } from '../src/import/import-service.ts';
import { RenderStateStore } from '../src/render/render-state-store.ts';
import { silentLog, tempDir, testConfig } from './helpers.ts';

const SHELL = `<html><head><title>Mini Shell</title></head><body><h1>Uname: Linux web01 5.4.0 x86_64</h1>
<p>User: www-data (33) Group: www-data. Safe mode: off. Disabled functions: none.</p>
<form method="post" enctype="multipart/form-data"><input type="file" name="f"><input type="submit" value="Upload"></form>
<form method="post"><input name="cmd"><input type="submit" value="Execute command"></form></body></html>`;
const DOORWAY = `<html><head><title>Slot Gacor Hari Ini Maxwin Terpercaya</title></head><body>
<h1>SLOT GACOR HARI INI - Situs Slot Online Terpercaya Gampang Maxwin</h1>
<p>Daftar slot gacor hari ini dengan RTP tertinggi, bonus new member 100%, deposit pulsa tanpa potongan.</p>
<a href="https://bet.example.net/daftar">DAFTAR SEKARANG</a></body></html>`;

const BODIES: Record<string, string> = {
  '/': ministryPage(),
  '/about/': ministryPage({ title: '法務省：法務省について', news: ['令和6年4月1日 組織図を更新しました'] }),
  '/news/0413.html': ministryPage({ title: '法務省：白書', news: ['令和6年4月22日 白書を公表しました'] }),
  '/wp-content/uploads/shell.php': SHELL,
  '/promo/slot-gacor-01.html': DOORWAY,
};
const BASE = ['/', '/about/'];
const GROWN = [...BASE, '/news/0413.html', '/wp-content/uploads/shell.php', '/promo/slot-gacor-01.html'];

async function until<T>(what: string, fn: () => Promise<T | null>, timeoutMs = 150_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('discovered pages in the check pipeline', () => {
  let tmp: ReturnType<typeof tempDir>;
  let runtime: Runtime;
  let server: Server;
  let origin = '';
  let listed = BASE;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = req.url ?? '/';
      if (path === '/sitemap.xml') {
        const urls = listed.map((p) => `<url><loc>${origin}${p}</loc></url>`).join('');
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls}</urlset>`);
      } else if (BODIES[path] !== undefined) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(BODIES[path]);
      } else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    tmp = tempDir();
    runtime = await openRuntime(
      testConfig(tmp.dir, {
        alerts: {
          channels: [{ name: 'soc', type: 'webhook', url: 'http://127.0.0.1:9/hook' }],
          routes: [{ organisations: [], minSeverity: 'high', channels: ['soc'] }],
        },
      } as never),
      silentLog,
    );
  });

  afterAll(async () => {
    await runtime?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    tmp?.remove();
  });

  it('alerts on a discovered shell and doorway page, keeps them unlearnt, and learns a page of the site', async () => {
    const deps = { store: runtime.store, fetcher: runtime.fetcher, now: () => Date.now() };
    const renders = new RenderStateStore(runtime.database);
    expect(await importTargets(deps, `${origin}/sitemap.xml`, { organisation: 'moj' })).toMatchObject({ ok: true });
    const site = (await runtime.store.getSiteByOrigin(origin))!;
    for (const page of (await runtime.store.listPages({ siteId: site.id, limit: 10 })).items)
      for (let i = 0; i < 3; i++) await runtime.checks.checkPage(page.id);

    listed = GROWN;
    expect((await discoverSites(deps)).added).toBe(3);
    const pageAt = async (path: string) => (await runtime.store.getPageByUrl(`${origin}${path}`))!;
    for (const path of GROWN.slice(2)) {
      const event = await runtime.checks.checkPage((await pageAt(path)).id);
      expect(event?.page.source, path).toBe('discovered');
    }

    for (const path of ['/wp-content/uploads/shell.php', '/promo/slot-gacor-01.html']) {
      const page = await pageAt(path);
      expect(page.status, path).toBe('tampered');
      expect(page.baseline?.held, path).toBe(true);
      const incidents = await runtime.incidents.store.list({ pageId: page.id, limit: 5 });
      expect(
        incidents.map((i) => [i.kind, i.state]),
        path,
      ).toEqual([['tampered', 'open']]);
      // A second look at the same page does not learn it either, statically or as rendered.
      await runtime.checks.checkPage(page.id);
      expect((await pageAt(path)).baseline?.samples, path).toBe(1);
    }
    // Their enrolment renders run in the background: once done, the rendered view is not learnt either.
    if (runtime.render) {
      for (const path of ['/wp-content/uploads/shell.php', '/promo/slot-gacor-01.html']) {
        const id = (await pageAt(path)).id;
        const state = await until(`the render of ${path}`, () => renders.get(id));
        expect(state.baseline, path).toBeNull();
      }
    }
    const news = await pageAt('/news/0413.html');
    expect([news.status, news.baseline?.held]).toEqual(['unchanged', undefined]);
    expect(await runtime.incidents.store.list({ pageId: news.id, limit: 5 })).toEqual([]);

    // The site incident notifies, and the second tampered page is news of its own (page-joined).
    const sent = await runtime.incidents.alerts.outbox.list({ limit: 10 });
    expect(sent.map((r) => [r.channel, r.message.event]).sort()).toEqual([
      ['soc', 'incident.opened'],
      ['soc', 'incident.page-joined'],
    ]);
  }, 240_000);
});
