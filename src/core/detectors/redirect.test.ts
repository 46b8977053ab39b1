import { describe, expect, it } from 'vitest';
import type { Baseline } from '../baseline.ts';
import type { PageParts } from '../testing/fixtures.ts';
import { judgeInput, learntBaseline } from '../testing/learnt.ts';
import { redirect } from './redirect.ts';

const baseline = learntBaseline();
const detect = (parts: PageParts, b: Baseline = baseline) => redirect.detect({ model: judgeInput(parts), baseline: b });
const refresh = (content: string) => ({ head: `<meta http-equiv="refresh" content="${content}">` });
const atBodyEnd = (source: string) => ({ bodyEnd: `<script>${source}</script>` });

describe('redirect: meta refresh', () => {
  it('flags an off-site meta refresh, high, naming the target', () => {
    const reasons = detect(refresh('0;url=https://spam.example/landing'));
    expect(reasons).toEqual([
      expect.objectContaining({
        code: 'offsite-meta-refresh',
        severity: 'high',
        evidence: { selector: 'html>head>meta:nth-of-type(2)', url: 'https://spam.example/landing' },
      }),
    ]);
    expect(reasons[0]?.message).toContain('to spam.example after 0 s');
  });

  it('ignores a same-site refresh, with or without www, and a plain reload', () => {
    expect(detect(refresh('5;url=/news/new.html'))).toEqual([]);
    expect(detect(refresh('5;url=https://moj.example.go.jp/news/'))).toEqual([]);
    expect(detect(refresh('300'))).toEqual([]);
  });

  it('ignores a refresh to a host the baseline already redirected to (the site’s new domain)', () => {
    const moved = learntBaseline(refresh('10;url=https://www.moj.example.jp/'));
    expect(moved.redirectHosts).toEqual(['www.moj.example.jp']);
    expect(detect(refresh('10;url=https://www.moj.example.jp/news/'), moved)).toEqual([]);
    // The same refresh is news to a baseline that never saw it.
    expect(detect(refresh('10;url=https://www.moj.example.jp/news/'))[0]?.code).toBe('offsite-meta-refresh');
  });
});

describe('redirect: scripts', () => {
  it('flags a new inline script navigating off-site, high', () => {
    const source = 'location.href="https://evil.example/";';
    const reasons = detect(atBodyEnd(source));
    expect(reasons).toEqual([
      expect.objectContaining({
        code: 'script-redirect',
        severity: 'high',
        evidence: { selector: 'html>body>script', snippet: source, url: 'https://evil.example/' },
      }),
    ]);
    expect(reasons[0]?.message).toContain('sends visitors to evil.example');
  });

  it('flags a referrer-conditional redirect even to a same-site path', () => {
    const source = 'if (document.referrer.indexOf("google") > -1) { location.replace("/promo/"); }';
    const reasons = detect(atBodyEnd(source));
    expect(reasons).toEqual([
      expect.objectContaining({
        code: 'conditional-redirect',
        severity: 'high',
        evidence: { selector: 'html>body>script', snippet: source },
      }),
    ]);
    expect(reasons[0]?.message).toContain('referrer');
  });

  it("ignores the usual smartphone switch to the site's own pages", () => {
    expect(detect(atBodyEnd("if (navigator.userAgent.indexOf('iPhone') > 0) { location.href = '/sp/'; }"))).toEqual([]);
  });

  it('flags a user-agent switch that hides where it sends visitors', () => {
    const reasons = detect(
      atBodyEnd(
        "if (navigator.userAgent.indexOf('Googlebot') < 0) { location.href = atob('aHR0cDovL3NwYW0uZXhhbXBsZS8='); }",
      ),
    );
    expect(reasons).toEqual([expect.objectContaining({ code: 'conditional-redirect', severity: 'high' })]);
  });

  it('ignores a new script that navigates within the site', () => {
    expect(detect(atBodyEnd('window.location.href = "/news/";'))).toEqual([]);
  });

  it('ignores a redirect script the baseline already had', () => {
    const source = 'location.href="https://www.moj.example.jp/";';
    expect(detect(atBodyEnd(source), learntBaseline(atBodyEnd(source)))).toEqual([]);
  });

  it('stays quiet without a baseline', () => {
    expect(redirect.detect({ model: judgeInput(refresh('0;url=https://spam.example/')), baseline: null })).toEqual([]);
  });
});
