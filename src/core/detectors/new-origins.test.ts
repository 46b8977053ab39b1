import { describe, expect, it } from 'vitest';
import type { Baseline } from '../baseline.ts';
import type { PageParts } from '../testing/fixtures.ts';
import { judgeInput, learntBaseline } from '../testing/learnt.ts';
import { newOrigins, opaqueScriptUrl } from './new-origins.ts';

const baseline = learntBaseline();
const detect = (parts: PageParts, b: Baseline = baseline) =>
  newOrigins.detect({ model: judgeInput(parts), baseline: b });
const script = (src: string) => `<script src="${src}"></script>`;

describe('new-origins: scripts', () => {
  it('flags a script from a new external host, medium, and names it', () => {
    expect(detect({ bodyEnd: script('https://widgets.example/w.js') })).toEqual([
      expect.objectContaining({
        code: 'new-script-origin',
        severity: 'medium',
        evidence: {
          selector: 'html>body>script',
          url: 'https://widgets.example/w.js',
          snippet: '<script src="https://widgets.example/w.js">',
        },
      }),
    ]);
  });

  it('calls a script from a first-party subdomain low', () => {
    const reasons = detect({ bodyEnd: script('https://cdn.moj.example.go.jp/js/app.js') });
    expect(reasons).toEqual([expect.objectContaining({ code: 'new-script-origin', severity: 'low' })]);
    expect(reasons[0]?.message).toContain('on the site’s own domain');
  });

  it('calls a script from a new host at an opaque address high', () => {
    const reasons = detect({ bodyEnd: script('https://paste.example/raw/k3Jd9') });
    expect(reasons[0]).toMatchObject({
      code: 'opaque-script-origin',
      severity: 'high',
      evidence: { url: 'https://paste.example/raw/k3Jd9' },
    });
    expect(reasons[0]?.message).toContain('(a raw-content path)');
  });

  it('reports one reason per new host and none for known hosts', () => {
    expect(
      detect({ bodyEnd: script('https://widgets.example/a.js') + script('https://widgets.example/b.js') }),
    ).toHaveLength(1);
    expect(detect({ bodyEnd: script('/js/other.js') })).toEqual([]);
  });
});

describe('opaqueScriptUrl', () => {
  it.each([
    ['https://cdn.evil.example/j/8VQ2K7ZP4M', 'a random identifier, no file name'],
    ['https://paste.example/raw/abc', 'a raw-content path'],
    ['http://192.0.2.7/x.js', 'a bare IP address'],
    ['http://[2001:db8::1]/a.js', 'a bare IP address'],
    ['https://x83724.example/a.js', 'a digit-stuffed host name'],
    ['not a url', 'an unparseable URL'],
  ])('calls %s opaque (%s)', (url, why) => {
    expect(opaqueScriptUrl(url)).toBe(why);
  });

  it.each([
    'https://cdn.jsdelivr.net/npm/x@1/dist/x.min.js',
    'https://www.googletagmanager.com/gtag/js?id=G-ABC123',
    'https://unpkg.com/react@18',
    'https://kit.fontawesome.com/a076d05399.js',
    'https://www.youtube.com/iframe_api',
    'https://app.usercentrics.eu/browser-ui/latest/loader.js',
  ])('leaves the ordinary library URL %s alone', (url) => {
    expect(opaqueScriptUrl(url)).toBeNull();
  });

  it.each([
    'https://d3js7wk2q0hbj1.cloudfront.net/widget.js',
    'https://widget.intercom.io/widget/abc12345',
    'https://www.clarity.ms/tag/k4b2c8d1ef',
  ])('does not call the widget address %s opaque', (url) => {
    expect(opaqueScriptUrl(url)).toBeNull();
  });
});

describe('new-origins: frames and forms', () => {
  it('calls a 1x1 frame to a new host a hidden iframe, high', () => {
    expect(detect({ bodyEnd: '<iframe src="https://drive.example/x" width="1" height="1"></iframe>' })).toEqual([
      expect.objectContaining({
        code: 'hidden-iframe',
        severity: 'high',
        evidence: {
          selector: 'html>body>iframe',
          url: 'https://drive.example/x',
          snippet: '<iframe src="https://drive.example/x" width="1" height="1">',
        },
      }),
    ]);
  });

  it('calls a visible frame to a new host medium', () => {
    const reasons = detect({ main: '<iframe src="https://maps.example/embed?q=1" width="600" height="400"></iframe>' });
    expect(reasons).toEqual([
      expect.objectContaining({
        code: 'new-iframe-origin',
        severity: 'medium',
        evidence: expect.objectContaining({ url: 'https://maps.example/embed?q=1' }) as unknown,
      }),
    ]);
  });

  it('calls a hidden frame on a domain the page already runs scripts from low (a consent manager bridge)', () => {
    const loader = script('https://app.usercentrics.eu/browser-ui/latest/loader.js');
    const withCmp = learntBaseline({ head: loader });
    const reasons = detect(
      { head: loader, bodyEnd: '<iframe src="https://sdp.usercentrics.eu/bridge.html" style="display:none"></iframe>' },
      withCmp,
    );
    expect(reasons).toEqual([
      expect.objectContaining({
        code: 'hidden-iframe-known-domain',
        severity: 'low',
        evidence: expect.objectContaining({ url: 'https://sdp.usercentrics.eu/bridge.html' }) as unknown,
      }),
    ]);
    expect(reasons[0]?.message).toContain('on a domain the page already runs scripts from');
  });

  it('calls a hidden frame low when the page’s own code already named its domain (a tag loaded by an inline snippet)', () => {
    const tag =
      "<script>(function(d){var s=d.createElement('script');s.src='https://static.widget.example/t.js';d.head.appendChild(s);})(document);</script>";
    const withTag = learntBaseline({ head: tag });
    const reasons = detect(
      { head: tag, bodyEnd: '<iframe src="https://vars.widget.example/box.html" style="display:none"></iframe>' },
      withTag,
    );
    expect(reasons).toEqual([expect.objectContaining({ code: 'hidden-iframe-known-domain', severity: 'low' })]);
    // Without that history the same frame is a drive-by.
    expect(
      detect({ bodyEnd: '<iframe src="https://vars.widget.example/box.html" style="display:none"></iframe>' }),
    ).toEqual([expect.objectContaining({ code: 'hidden-iframe', severity: 'high' })]);
  });

  it('flags a form that now posts to a new host, medium', () => {
    expect(
      detect({ main: '<form action="https://collect.example/post" method="post"><input name="pw"></form>' }),
    ).toEqual([
      expect.objectContaining({
        code: 'new-form-target',
        severity: 'medium',
        evidence: { selector: 'html>body>div#main>form:nth-of-type(1)', url: 'https://collect.example/post' },
      }),
    ]);
  });

  it('ignores same-site frames and forms, and stays quiet without a baseline', () => {
    expect(
      detect({ main: '<iframe src="/map.html" width="1" height="1"></iframe><form action="/apply"></form>' }),
    ).toEqual([]);
    expect(
      newOrigins.detect({ model: judgeInput({ bodyEnd: script('https://widgets.example/w.js') }), baseline: null }),
    ).toEqual([]);
  });
});
