import { describe, expect, it } from 'vitest';
import { analysePage } from './analyse.ts';
import { assess } from './assess.ts';
import { judgeDiscoveredPage } from './discovered-page.ts';
import { learn } from './learn.ts';
import { ministryPage } from './testing/fixtures.ts';

const ORIGIN = 'https://www.moj.example.go.jp';
const HOME = ministryPage();
/** The shape of an uploaded file manager: it names itself and shows the server's identity. */
const SHELL = `<html><head><title>Mini Shell</title></head><body><h1>Uname: Linux web01 5.4.0 x86_64</h1>
<p>User: www-data (33) Group: www-data. Safe mode: off. Disabled functions: none.</p>
<form method="post" enctype="multipart/form-data"><input type="file" name="f"><input type="submit" value="Upload"></form>
<form method="post"><input name="cmd"><input type="submit" value="Execute command"></form></body></html>`;
/** A doorway page: spam words in the title, headline and text, links to a betting site. */
const DOORWAY = `<html><head><title>Slot Gacor Hari Ini Maxwin Terpercaya</title></head><body>
<h1>SLOT GACOR HARI INI - Situs Slot Online Terpercaya Gampang Maxwin</h1>
<p>Daftar slot gacor hari ini dengan RTP tertinggi, bonus new member 100%, deposit pulsa tanpa potongan.</p>
<a href="https://bet.example.net/daftar">DAFTAR SEKARANG</a><a href="https://bet.example.net/login">LOGIN</a></body></html>`;

function siteNormal() {
  let b = learn(null, analysePage(HOME, `${ORIGIN}/`));
  b = learn(b, analysePage(HOME, `${ORIGIN}/`));
  return b;
}

describe('judgeDiscoveredPage', () => {
  it('calls an uploaded shell and a doorway page tampered on first sight, and holds their baseline', () => {
    for (const [path, html] of [
      ['/wp-content/uploads/shell.php', SHELL],
      ['/promo/slot-gacor-01.html', DOORWAY],
    ] as const) {
      const url = `${ORIGIN}${path}`;
      const j = judgeDiscoveredPage(analysePage(html, url), url, { baseline: siteNormal() });
      expect(j?.verdict.kind, path).toBe('tampered');
      expect(j?.baseline.held).toBe(true);
      expect(j?.verdict.reasons.at(-1)?.code).toBe('discovered-held');
    }
  });

  it('finds nothing in a new page of the site’s own making, whatever it is called', () => {
    const news = ministryPage({ news: ['令和6年4月22日 白書を公表しました'] });
    for (const path of ['/news/0413.html', '/security/shell-guide.html']) {
      const url = `${ORIGIN}${path}`;
      expect(judgeDiscoveredPage(analysePage(news, url), url, { baseline: siteNormal() }), path).toBeNull();
    }
  });

  it('does not call a shell-like address alone tampered without the site’s normal to corroborate a plain page', () => {
    const url = `${ORIGIN}/shell.php`;
    expect(
      judgeDiscoveredPage(analysePage('<html><body><p>ok</p></body></html>', url), url, { baseline: null }),
    ).toBeNull();
  });
});

describe('assess with a site context', () => {
  const url = `${ORIGIN}/wp-content/uploads/shell.php`;
  const obs = { kind: 'page', requestedUrl: url, finalUrl: url, html: SHELL, sameBodyAsLast: false } as const;

  it('does not learn a suspect first sight, and judges it the same way while it is held', () => {
    const first = assess(obs, { baseline: null, previous: null, site: { baseline: siteNormal() } }, { minSamples: 3 });
    expect(first.verdict.kind).toBe('tampered');
    expect(first.baseline?.held).toBe(true);
    const again = assess(
      obs,
      { baseline: first.baseline!, previous: first.verdict, site: { baseline: siteNormal() } },
      { minSamples: 3 },
    );
    expect(again.verdict.kind).toBe('tampered');
    expect(again.baseline?.samples).toBe(1);
  });

  it('starts afresh, learning, once the held page looks clean', () => {
    const first = assess(obs, { baseline: null, previous: null, site: { baseline: siteNormal() } }, { minSamples: 3 });
    const clean = assess(
      { ...obs, html: '<html><body><p>This file was removed by the web team.</p></body></html>' },
      { baseline: first.baseline!, previous: first.verdict, site: { baseline: siteNormal() } },
      { minSamples: 3 },
    );
    expect(clean.verdict.kind).toBe('unchanged');
    expect(clean.baseline?.held).toBeUndefined();
  });

  it('judges a page without a site context as before (a declared page learns its first sight)', () => {
    const a = assess(obs, { baseline: null, previous: null }, { minSamples: 3 });
    expect(a.verdict.kind).toBe('unchanged');
  });
});
