import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSitemap } from '../import/sitemap.ts';
import { createDemoEstate } from './estate.ts';
import { startEstateServer } from './estate-server.ts';
import type { EstateServer } from './estate-server.ts';
import { DEMO_INCIDENT_TARGETS, SUBPAGE_DOWN_CONTROL } from './incidents.ts';

describe('startEstateServer', () => {
  let server: EstateServer;

  beforeAll(async () => {
    server = await startEstateServer(createDemoEstate());
  });

  afterAll(async () => {
    await server.close();
  });

  it('serves each site on its own loopback origin', async () => {
    const origins = server.sites.map((s) => s.origin);
    expect(server.sites.map((s) => s.key)).toEqual(['moj', 'moj-yokohama', 'soumu', 'courts', 'recording']);
    expect(new Set(origins).size).toBe(origins.length);
    for (const origin of origins) expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const statuses = await Promise.all(server.urls().map(async (url) => (await fetch(url)).status));
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(statuses.length).toBe(36);
  });

  it('answers with the page bytes and headers, keeping the connection alive', async () => {
    const response = await fetch(server.urlFor('moj', '/statutes/'));
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(response.headers.get('connection')).toBe('keep-alive');
    expect(new TextDecoder('shift_jis').decode(await response.arrayBuffer())).toContain('<meta charset="Shift_JIS">');
  });

  it('follows state changes: 503 for the down sub-page while its home stays up, then a reset', async () => {
    const target = server.urlFor(DEMO_INCIDENT_TARGETS.subpageDown.siteKey, DEMO_INCIDENT_TARGETS.subpageDown.path);
    const home = server.urlFor(SUBPAGE_DOWN_CONTROL.siteKey, SUBPAGE_DOWN_CONTROL.path);
    server.setState({ incidents: { subpageDown: true } });
    expect((await fetch(target)).status).toBe(503);
    expect((await fetch(home)).status).toBe(200);
    server.setState({ incidents: { subpageDown: 'reset' } });
    await expect(fetch(target)).rejects.toThrow();
    server.setState({ incidents: { subpageDown: false } });
    expect((await fetch(target)).status).toBe(200);
    expect(server.getState()).toEqual({ tick: 0, generation: 0, incidents: { subpageDown: false } });
  });

  it('serves 404s, redirects, HEAD and refuses other methods', async () => {
    const origin = server.sites[0]?.origin ?? '';
    expect((await fetch(`${origin}/no/such/page.html`)).status).toBe(404);
    const redirect = await fetch(`${origin}/policies`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/policies/');
    const head = await fetch(`${origin}/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(5_000);
    expect((await fetch(`${origin}/`, { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('publishes robots.txt and a sitemap that lists the site for import', async () => {
    const courts = server.sites.find((s) => s.key === 'courts');
    const robots = await (await fetch(`${courts?.origin}/robots.txt`)).text();
    expect(robots).toContain(`Sitemap: ${courts?.origin}/sitemap.xml`);
    const sitemap = parseSitemap(await (await fetch(`${courts?.origin}/sitemap.xml`)).text());
    expect(sitemap.targets.map((t) => t.url)).toEqual(
      server.urls().filter((url) => url.startsWith(`${courts?.origin}/`)),
    );
    expect((await fetch(`${courts?.origin}/assets/site.css?v=abc`)).status).toBe(200);
  });
});

describe('EstateServer.close', () => {
  it('closes every listener, keep-alive connections included', async () => {
    const server = await startEstateServer(createDemoEstate());
    const url = server.urls()[0] ?? '';
    expect((await fetch(url)).status).toBe(200);
    await server.close();
    await expect(fetch(url)).rejects.toThrow();
  });
});
