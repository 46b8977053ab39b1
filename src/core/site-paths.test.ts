import { describe, expect, it } from 'vitest';
import { judgeNewUrls } from './site-paths.ts';

const O = 'https://www.city.example.jp';
const KNOWN = [
  '/',
  '/news/',
  '/news/2024/0301.html',
  '/news/2024/0302.html',
  '/about/access.html',
  '/security/advice.html',
].map((p) => O + p);
const codes = (known: string[], fresh: string[]) =>
  judgeNewUrls(known, fresh).map((f) => [f.url.slice(O.length), f.reasons.map((r) => `${r.code}:${r.severity}`)]);

describe('judgeNewUrls', () => {
  it('judges only URLs that are new', () => {
    expect(judgeNewUrls([`${O}/hacked.html`], [`${O}/hacked.html`])).toEqual([]);
  });

  it('calls defacer and web-shell names high, through leetspeak and case', () => {
    const fresh = [
      '/hacked.html',
      '/H4CK3D-by-crew.htm',
      '/wp-content/uploads/shell.php',
      '/images/wso.php',
      '/tmp/r57.php',
      '/b374k.php',
      '/mini-shell.php',
    ];
    expect(
      codes(
        KNOWN,
        fresh.map((p) => O + p),
      ),
    ).toEqual(fresh.map((p) => [p, ['defacer-path:high']]));
    const finding = judgeNewUrls(KNOWN, [`${O}/hacked.html`])[0]!;
    expect(finding.reasons[0]).toMatchObject({ evidence: { url: `${O}/hacked.html`, snippet: 'hacked.html' } });
    expect(finding.reasons[0]!.message).toContain('“hacked”');
  });

  it('leaves articles that only mention the words, and look-alike words, alone', () => {
    const fresh = [
      '/security/how-to-avoid-being-hacked.html',
      '/events/hackathon-2024.html',
      '/fisheries/seashell-survey.html',
      '/news/2024/0412.html',
    ];
    expect(
      codes(
        KNOWN,
        fresh.map((p) => O + p),
      ),
    ).toEqual([]);
  });

  it('calls spam vocabulary medium, in ASCII and in percent-encoded Japanese and Chinese', () => {
    const fresh = [
      '/casino-online.html',
      '/promo/slot88.html',
      '/togel4d/index.php',
      '/v1agra-cheap.html',
      `/${encodeURIComponent('オンラインカジノ')}.html`,
      `/${encodeURIComponent('博彩')}/`,
    ];
    expect(
      codes(
        KNOWN,
        fresh.map((p) => O + p),
      ),
    ).toEqual(fresh.map((p) => [p, ['spam-path:medium']]));
    expect(judgeNewUrls(KNOWN, [`${O}/${encodeURIComponent('カジノ')}.html`])[0]!.reasons[0]!.message).toContain(
      '“カジノ”',
    );
  });

  it('keeps a regulator’s news about casinos at medium, never more', () => {
    expect(codes(KNOWN, [`${O}/news/2024/casino-regulation-bill.html`])).toEqual([
      ['/news/2024/casino-regulation-bill.html', ['spam-path:medium']],
    ]);
  });

  it('gives nothing to ordinary new news pages, a handful at a time', () => {
    const fresh = ['/news/2024/0412.html', '/news/2024/0413.html', '/news/2024/0414.html', '/about/history.html'].map(
      (p) => O + p,
    );
    expect(judgeNewUrls(KNOWN, fresh)).toEqual([]);
  });

  it('marks a batch of at least 20 new pages, half the site or more, as a low burst that says how many', () => {
    const fresh = Array.from({ length: 20 }, (_, i) => `${O}/news/2024/05${String(i).padStart(2, '0')}.html`);
    const findings = judgeNewUrls(KNOWN, fresh);
    expect(findings).toHaveLength(20);
    expect(
      findings.every(
        (f) => f.reasons.length === 1 && f.reasons[0]!.code === 'page-burst' && f.reasons[0]!.severity === 'low',
      ),
    ).toBe(true);
    expect(findings[0]!.reasons[0]!.message).toContain('one of 20 new pages');
    // The same 20 on a site of 100 pages are ordinary growth.
    const big = Array.from({ length: 100 }, (_, i) => `${O}/p/${i}.html`);
    expect(judgeNewUrls(big, fresh)).toEqual([]);
  });

  it('marks 10 new pages in a new directory as a burst, but not a new date folder', () => {
    const big = Array.from({ length: 100 }, (_, i) => `${O}/p/${i}.html`);
    const promo = Array.from({ length: 10 }, (_, i) => `${O}/offers/page-${i}.html`);
    const findings = judgeNewUrls(big, promo);
    expect(findings).toHaveLength(10);
    expect(findings[0]!.reasons).toEqual([expect.objectContaining({ code: 'page-burst', severity: 'low' })]);
    expect(findings[0]!.reasons[0]!.message).toContain('one of 10 new pages in /offers/');
    expect(judgeNewUrls(big, promo.slice(0, 9))).toEqual([]);
    const year = Array.from({ length: 12 }, (_, i) => `${O}/news/2025/${i}.html`);
    expect(judgeNewUrls(big, year)).toEqual([]);
  });

  it('calls generated-looking root file names low, but not ordinary names with a number', () => {
    expect(codes(KNOWN, [`${O}/a8f3k2m9.php`, `${O}/x7K2p9q4.html`])).toEqual([
      ['/a8f3k2m9.php', ['random-file-name:low']],
      ['/x7K2p9q4.html', ['random-file-name:low']],
    ]);
    expect(judgeNewUrls(KNOWN, [`${O}/index2024.html`, `${O}/sub/a8f3k2m9.php`, `${O}/abc12.php`])).toEqual([]);
  });

  it('gives one finding all its reasons', () => {
    const fresh = Array.from({ length: 25 }, (_, i) => `${O}/promo/slot-gacor-${i}.html`);
    const finding = judgeNewUrls(KNOWN, fresh)[0]!;
    expect(finding.reasons.map((r) => r.code)).toEqual(['spam-path', 'page-burst']);
  });
});
