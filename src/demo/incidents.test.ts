import { describe, expect, it } from 'vitest';
import { createDemoEstate, renderPage } from './estate.ts';
import { DEFACEMENT, DEMO_INCIDENT_TARGETS, HIDDEN_LINK, INCIDENT_NAMES, SUBPAGE_DOWN_CONTROL } from './incidents.ts';
import type { EstateState } from './types.ts';

const estate = createDemoEstate();
const calm: EstateState = { tick: 4, incidents: {} };
const allPages = estate.sites.flatMap((site) => site.paths.map((path) => ({ siteKey: site.key, path })));

describe('demo incidents', () => {
  it('targets pages that exist, one per incident', () => {
    for (const name of INCIDENT_NAMES) {
      const { siteKey, path } = DEMO_INCIDENT_TARGETS[name];
      expect(estate.sites.find((s) => s.key === siteKey)?.paths, name).toContain(path);
    }
  });

  it('leaves every other page byte-identical while each incident is on', () => {
    for (const name of INCIDENT_NAMES) {
      const state: EstateState = { tick: 4, incidents: { [name]: true } };
      const target = DEMO_INCIDENT_TARGETS[name];
      for (const { siteKey, path } of allPages) {
        const same = renderPage(estate, siteKey, path, state).body.equals(renderPage(estate, siteKey, path, calm).body);
        const isTarget = siteKey === target.siteKey && path === target.path;
        expect(same, `${name} ${siteKey}${path}`).toBe(!isTarget);
      }
    }
  });

  it('subpageDown: the deep page answers 503 (or resets) while the site home stays up', () => {
    const { siteKey, path } = DEMO_INCIDENT_TARGETS.subpageDown;
    expect(path.split('/').length).toBe(5);
    const down = renderPage(estate, siteKey, path, { tick: 4, incidents: { subpageDown: true } });
    expect(down.status).toBe(503);
    expect(down.headers['retry-after']).toBe('600');
    expect(down.reset).toBeUndefined();
    const home = renderPage(estate, SUBPAGE_DOWN_CONTROL.siteKey, SUBPAGE_DOWN_CONTROL.path, {
      tick: 4,
      incidents: { subpageDown: true },
    });
    expect(home.status).toBe(200);
    expect(renderPage(estate, siteKey, path, { tick: 4, incidents: { subpageDown: 'reset' } }).reset).toBe(true);
  });

  it('localOfficeDefaced: a visible block with an external image and a protest message, in a Shift_JIS page', () => {
    const { siteKey, path } = DEMO_INCIDENT_TARGETS.localOfficeDefaced;
    const page = renderPage(estate, siteKey, path, { tick: 4, incidents: { localOfficeDefaced: true } });
    const html = new TextDecoder('shift_jis').decode(page.body);
    expect(page.status).toBe(200);
    expect(html).toContain(`<img src="${DEFACEMENT.imageUrl}"`);
    expect(html).toContain(DEFACEMENT.headline);
    expect(html).toContain('Copyright Enforcement Act');
    // Visible: inserted right after the heading, with no hiding style.
    expect(html.indexOf('Hacked by')).toBeGreaterThan(html.indexOf('</h1>'));
    expect(html).not.toMatch(/id="kuro" style="[^"]*display:\s*none/);
    expect(html).toContain('不動産登記の申請');
  });

  it('hiddenLinkInListing: a third <li> with an external link hidden by inline display:none', () => {
    const { siteKey, path } = DEMO_INCIDENT_TARGETS.hiddenLinkInListing;
    const html = renderPage(estate, siteKey, path, { tick: 4, incidents: { hiddenLinkInListing: true } }).body.toString(
      'utf8',
    );
    const list = html.slice(
      html.indexOf('<ul class="news-list">'),
      html.indexOf('</ul>', html.indexOf('<ul class="news-list">')),
    );
    const items = list.split('\n').filter((line) => line.startsWith('<li'));
    expect(items[2]).toBe(`<li style="display:none"><a href="${HIDDEN_LINK.href}">${HIDDEN_LINK.text}</a></li>`);
    expect(items.filter((item) => item.includes('example.org'))).toHaveLength(1);
    const calmHome = renderPage(estate, siteKey, '/', calm).body;
    expect(
      renderPage(estate, siteKey, '/', { tick: 4, incidents: { hiddenLinkInListing: true } }).body.equals(calmHome),
    ).toBe(true);
  });
});
