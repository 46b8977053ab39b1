import { describe, expect, it } from 'vitest';
import { analysePage } from './analyse.ts';
import { redirect } from './detectors/redirect.ts';
import { learntBaseline } from './testing/learnt.ts';
import { PAGE_URL, ministryPage } from './testing/fixtures.ts';

const STYLE = '<style>.gone { display: none }</style>';

describe('analysePage in rendered mode: the browser decides visibility', () => {
  const html = `<html><head>${STYLE}</head><body>
    <p class="gone" data-mamori-view="visible"><a data-mamori-view="visible" href="https://shown.example/">shown</a></p>
    <div data-mamori-view="off-screen"><p>spam text here</p><a href="https://spam.example/">spam</a></div>
    <p data-mamori-view="opacity:0"><a data-mamori-view="visible" href="https://own-mark.example/">own</a></p>
    <noscript><a href="https://noscript.example/">n</a></noscript>
  </body></html>`;
  const rendered = analysePage(html, PAGE_URL, { rendered: true });
  const link = (host: string) => rendered.links.find((l) => l.host === host);

  it('trusts a visible mark over a static rule that would hide the element', () => {
    expect(link('shown.example')?.hidden).toBeNull();
    // Read statically, the same markup hides it by the class rule.
    expect(analysePage(html, PAGE_URL).links.find((l) => l.host === 'shown.example')?.hidden?.technique).toBe(
      'display:none',
    );
  });

  it('passes a hidden mark down to unmarked descendants, as an ancestor', () => {
    expect(link('spam.example')?.hidden).toEqual({ technique: 'off-screen', source: 'ancestor', at: 'html>body>div' });
    expect(rendered.textBlocks.find((b) => b.text === 'spam text here')?.hidden?.technique).toBe('off-screen');
  });

  it('lets an element marked visible inside a hidden one stay visible, and keeps noscript hidden', () => {
    expect(link('own-mark.example')?.hidden).toBeNull();
    expect(link('noscript.example')?.hidden?.technique).toBe('noscript');
  });

  it('records the off-site navigations the browser saw, and the redirect detector reports them', () => {
    const model = analysePage(ministryPage(), PAGE_URL, {
      rendered: true,
      offsiteNavigations: ['https://casino.example/land'],
    });
    const reasons = redirect.detect({ model, baseline: learntBaseline() });
    expect(reasons).toEqual([
      expect.objectContaining({
        code: 'rendered-redirect',
        severity: 'high',
        evidence: { url: 'https://casino.example/land' },
      }),
    ]);
    const known = learntBaseline({ head: '<meta http-equiv="refresh" content="10;url=https://casino.example/">' });
    expect(redirect.detect({ model, baseline: known })).toEqual([]);
  });
});
