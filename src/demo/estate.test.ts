import { describe, expect, it } from 'vitest';
import { createDemoEstate, renderDemoText, renderPage } from './estate.ts';
import type { EstateState } from './types.ts';

const STATE: EstateState = { tick: 0, incidents: {} };
const estate = createDemoEstate();
const allPages = estate.sites.flatMap((site) => site.paths.map((path) => ({ site, path })));

describe('createDemoEstate', () => {
  it('describes organisations, their sites and deep pages', () => {
    expect(estate.organisations.map((o) => o.key)).toEqual(['moj', 'soumu', 'courts', 'recording']);
    expect(estate.organisations.find((o) => o.key === 'moj')?.siteKeys).toEqual(['moj', 'moj-yokohama']);
    expect(estate.sites.map((s) => s.key)).toEqual(['moj', 'moj-yokohama', 'soumu', 'courts', 'recording']);
    for (const site of estate.sites) {
      expect(site.paths, site.key).toContain('/');
      expect(site.paths, site.key).toContain('/news/');
      expect(
        site.paths.some((path) => path.split('/').length === 5),
        `${site.key} has a page 3 levels deep`,
      ).toBe(true);
    }
    expect(allPages.length).toBeGreaterThanOrEqual(30);
  });

  it('renders every page at 5-20 KB with status 200', () => {
    for (const { site, path } of allPages) {
      const page = renderPage(estate, site.key, path, STATE);
      expect(page.status, `${site.key}${path}`).toBe(200);
      expect(page.body.length, `${site.key}${path}`).toBeGreaterThan(5_000);
      expect(page.body.length, `${site.key}${path}`).toBeLessThan(20_000);
    }
  });

  it('is deterministic: the same tick gives the same bytes, even from a fresh estate', () => {
    const other = createDemoEstate();
    const state: EstateState = { tick: 7, incidents: { hiddenLinkInListing: true } };
    for (const { site, path } of allPages) {
      const a = renderPage(estate, site.key, path, state);
      const b = renderPage(other, site.key, path, state);
      expect(a.body.equals(b.body), `${site.key}${path}`).toBe(true);
      expect(a.headers).toEqual(b.headers);
    }
  });
});

describe('charsets', () => {
  it('encodes every page so that TextDecoder gives back the intended text', () => {
    for (const { site, path } of allPages) {
      const page = renderPage(estate, site.key, path, STATE);
      const text = renderDemoText(estate, site.key, path, STATE);
      expect(new TextDecoder(text?.charset).decode(page.body), `${site.key}${path}`).toBe(text?.html);
    }
  });

  it('declares Shift_JIS in <meta> only, with no charset in the header', () => {
    const page = renderPage(estate, 'moj', '/statutes/', STATE);
    expect(page.headers['content-type']).toBe('text/html');
    const head = page.body.subarray(0, 1024).toString('latin1');
    expect(head).toContain('<meta charset="Shift_JIS">');
    expect(new TextDecoder('shift_jis').decode(page.body)).toContain('第一条');
    expect(page.body.includes(Buffer.from('第一条'))).toBe(false); // Not UTF-8 bytes.
    const local = renderPage(estate, 'moj-yokohama', '/', STATE);
    expect(local.headers['content-type']).toBe('text/html');
    expect(new TextDecoder('shift_jis').decode(local.body)).toContain('横浜地方法務局');
  });

  it('declares EUC-JP in the Content-Type header only', () => {
    const page = renderPage(estate, 'soumu', '/statutes/', STATE);
    expect(page.headers['content-type']).toBe('text/html; charset=EUC-JP');
    expect(page.body.toString('latin1')).not.toContain('<meta charset');
    expect(new TextDecoder('euc-jp').decode(page.body)).toContain('電気通信事業法');
  });

  it('serves English pages in UTF-8 with lang="en"', () => {
    const page = renderPage(estate, 'courts', '/english/', STATE);
    expect(page.headers['content-type']).toBe('text/html; charset=UTF-8');
    expect(page.body.toString('utf8')).toContain('<html lang="en">');
    expect(page.body.toString('utf8')).toContain('Courts in Japan');
  });
});

describe('other responses', () => {
  it('answers unknown paths with the site 404 page', () => {
    const page = renderPage(estate, 'moj-yokohama', '/no/such/page.html', STATE);
    expect(page.status).toBe(404);
    expect(new TextDecoder('shift_jis').decode(page.body)).toContain('お探しのページは見つかりませんでした');
    expect(renderPage(estate, 'no-such-site', '/', STATE).status).toBe(404);
  });

  it('redirects a section asked for without its trailing slash', () => {
    const page = renderPage(estate, 'courts', '/saiban/minji', STATE);
    expect(page.status).toBe(301);
    expect(page.headers.location).toBe('/saiban/minji/');
  });

  it('serves news item pages once they have appeared in the listing', () => {
    const listing = renderPage(estate, 'moj', '/news/', { tick: 3, incidents: {} }).body.toString('utf8');
    const newest = /<ul class="news-list">\n<li><time[^>]*>[^<]*<\/time><span[^>]*>[^<]*<\/span><a href="([^"]+)"/.exec(
      listing,
    )?.[1];
    expect(newest).toMatch(/^\/news\/2026\/\d{4}_012\.html$/);
    expect(renderPage(estate, 'moj', newest ?? '', { tick: 3, incidents: {} }).status).toBe(200);
    expect(renderPage(estate, 'moj', newest ?? '', { tick: 2, incidents: {} }).status).toBe(404);
  });
});
