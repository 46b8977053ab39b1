import { describe, expect, it } from 'vitest';
import { analysePage } from '../analyse.ts';
import type { PageParts } from '../testing/fixtures.ts';
import { PAGE_URL } from '../testing/fixtures.ts';
import { judgeInput, learntBaseline } from '../testing/learnt.ts';
import { defacerSignature } from './defacement.ts';
import { defacerRegister, findDefacerPhrases, foldLeet, phrasesInFolded } from './vocabulary.ts';

const baseline = learntBaseline();
const detect = (parts: PageParts) => defacerSignature.detect({ model: judgeInput(parts), baseline });

/** A news story of more than 300 characters that reports an attack on someone else. */
const ARTICLE =
  'Security news: the water utility of a neighbouring city was hacked by criminals last week, according to a statement from its board. ' +
  'Customers were asked to change their passwords, and the utility said that no payment data had been taken. ' +
  'The national incident response team is helping the utility restore its systems and will publish a report.';

describe('defacer-signature', () => {
  it('reads leetspeak in a new heading as a signature, in the headline and as a message', () => {
    const reasons = detect({ main: '<h2>H4ck3d by Gh0st Crew</h2>' });
    expect(reasons.map((r) => [r.code, r.severity])).toEqual([
      ['defacer-headline', 'high'],
      ['defacer-message', 'high'],
    ]);
    expect(reasons[0]?.evidence?.snippet).toBe('H4ck3d by Gh0st Crew');
    expect(reasons[0]?.message).toContain('“hacked by”');
    expect(reasons[1]?.evidence).toMatchObject({ selector: 'html>body>div#main>h2', snippet: 'H4ck3d by Gh0st Crew' });
  });

  it('counts the weak word "hacked" in a new title, as medium: a site may head its own incident statement so', () => {
    const reasons = detect({ title: 'HACKED' });
    expect(reasons).toEqual([
      expect.objectContaining({ code: 'defacer-headline', severity: 'medium', evidence: { snippet: 'HACKED' } }),
    ]);
    expect(reasons[0]?.message).toContain('The title');
  });

  it('ignores a title the baseline already knows, however it reads', () => {
    const title = 'Exhibition: Hacked! A history of computer crime';
    const known = learntBaseline({ title });
    expect(defacerSignature.detect({ model: judgeInput({ title }), baseline: known })).toEqual([]);
  });

  it('calls a short new message with a defacer phrase high', () => {
    const reasons = detect({ main: '<div class="msg">Your security is low. Greetz to all crews.</div>' });
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatchObject({
      code: 'defacer-message',
      severity: 'high',
      evidence: { selector: 'html>body>div#main>div.msg' },
    });
    expect(reasons[0]?.message).toContain('(“greetz”, “security is low”, “your security is”)');
  });

  it('calls a long article mentioning "hacked by" in a known region medium, not high', () => {
    expect(ARTICLE.length).toBeGreaterThan(300);
    const reasons = detect({ main: `<p class="lead">${ARTICLE}</p>` });
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatchObject({
      code: 'defacer-message',
      severity: 'medium',
      evidence: { selector: 'html>body>div#main>p.lead:nth-of-type(2)' },
    });
    expect(reasons[0]?.evidence?.snippet).toMatch(/^Security news: the water utility/);
  });

  it('calls the same article high in a place that never held text', () => {
    const reasons = detect({ main: `<div class="injected"><p>${ARTICLE}</p></div>` });
    expect(reasons[0]).toMatchObject({
      code: 'defacer-message',
      severity: 'high',
      evidence: { selector: 'html>body>div#main>div.injected>p' },
    });
  });

  it('recognises Japanese and Chinese signatures', () => {
    const ja = detect({ main: '<p>本サイトはハッキングされました</p>' });
    expect(ja[0]).toMatchObject({
      code: 'defacer-message',
      severity: 'high',
      evidence: { snippet: '本サイトはハッキングされました' },
    });
    const zh = detect({ main: '<p>本网站已被黑客入侵</p>' });
    expect(zh[0]?.message).toContain('“被黑”, “黑客”');
  });

  it('stays quiet on a new news item and on Japanese news about unauthorised access', () => {
    expect(detect({ listExtra: '<li><a href="/news/9.html">令和6年5月1日 新サイトを公開しました</a></li>' })).toEqual(
      [],
    );
    expect(
      detect({
        main: '<h2>当省ウェブサイトへの不正アクセスについて</h2><p>令和6年5月1日、当省のサーバーに対する不正アクセスを確認しました。</p>',
      }),
    ).toEqual([]);
  });

  it('does not count the weak word "hacked" alone in body text', () => {
    expect(detect({ main: '<p class="lead">Change any password that was hacked in another service.</p>' })).toEqual([]);
  });

  it('looks at every visible block on a first observation', () => {
    const model = analysePage('<html><body><div><p>hacked by nobody</p></div></body></html>', PAGE_URL);
    expect(defacerSignature.detect({ model, baseline: null })[0]).toMatchObject({
      code: 'defacer-message',
      severity: 'high',
    });
  });

  // Known false positives, reported to the lead rather than asserted here: phrases match as substrings,
  // so "We expect users to…" matches "expect us" and "the New Delhi administration" matches "hi admin";
  // both are short new blocks and so come out high.
});

describe('vocabulary', () => {
  it('folds the usual leetspeak', () => {
    expect(foldLeet('0WN3D  8Y')).toBe('owned 8y');
    expect(foldLeet('h4ck3d by $1l3nt')).toBe('hacked by silent');
  });

  it('keeps weak words out of strong-only matches', () => {
    expect(findDefacerPhrases('Site hacked', false)).toEqual(['hacked']);
    expect(findDefacerPhrases('Site hacked', true)).toEqual([]);
  });
});

describe('defacerRegister', () => {
  it('names each register signal it finds, leetspeak folded', () => {
    expect(defacerRegister('Pwn3d!!! greetz to the Cyber Army. Contact: t.me/nobody')).toEqual([
      'words of the act (hacked, pwned, defaced…)',
      'crew talk (cyber army, greetz, we are…)',
      'a contact handle',
      'a string of exclamation marks',
    ]);
    expect(defacerRegister('Sorry admin, your security is a joke')).toEqual([
      'words to the site owner (admin, your security…)',
    ]);
    expect(defacerRegister('HAHAHAHA')).toEqual(['laughter']);
  });

  it('leaves ordinary notices alone: a security team, an e-mail address, a shouted heading', () => {
    expect(defacerRegister('Our security team answers at security@example.gov within a day.')).toEqual([]);
    expect(defacerRegister('IMPORTANT NOTICE ABOUT YOUR PRIVACY RIGHTS!')).toEqual([]);
  });

  it('counts shouting only beside another sign of a defacer', () => {
    expect(defacerRegister('WE ARE BACK AND YOUR SITE WAS HERE FOR US')).toContain('shouting (mostly capitals)');
  });
});

describe('findDefacerPhrases on unfolded text', () => {
  it('finds exactly the phrases that folding the text first finds, with leetspeak and any whitespace', () => {
    // Pieces that build phrases, their leetspeak forms, near misses and whitespace of every kind.
    const pieces = [
      ...['h4ck', 'hack', 'HACK', 'ed', '3d', 'by', 'BY', 'b', 'y', 'security', '5ecur1ty', 'is', '1s', 'low', 'l0w'],
      ...['greetz', 'gr33tz', 'pirat', 'é', 'par', 'di', 'oleh', '被', '黑', 'x', 'İ', 'hacklenm', 'i', '!', '$', '@'],
      ...[' ', '  ', '\n', '\t', '\u3000', ' \n '],
    ];
    for (const s of ['Security\n is\tL0W', 'di  h4ck\u3000oleh', 'GREETZ\n\nTO', 'pir@té\npar']) {
      expect(findDefacerPhrases(s, true), s).toEqual(phrasesInFolded(foldLeet(s), true));
      expect(findDefacerPhrases(s, true), s).not.toEqual([]);
    }
    let seed = 4242;
    let found = 0;
    for (let n = 0; n < 20_000; n++) {
      let s = '';
      const len = 3 + (n % 25);
      for (let i = 0; i < len; i++) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        s += pieces[seed % pieces.length];
      }
      for (const strongOnly of [false, true]) {
        const expected = phrasesInFolded(foldLeet(s), strongOnly);
        expect(findDefacerPhrases(s, strongOnly), JSON.stringify(s)).toEqual(expected);
        if (expected.length > 0) found++;
      }
    }
    // The generator must produce phrases often enough for the comparison to mean something.
    expect(found).toBeGreaterThan(100);
  });
});

describe('defacer-signature on a first observation', () => {
  it('finds a signature in one of many visible blocks, and nothing when no block holds one', () => {
    const blocks = Array.from({ length: 30 }, (_, i) => `<p>Notice ${i}: opening hours of the city office.</p>`);
    const signed = [...blocks.slice(0, 17), '<p>Hacked\nby the crew</p>', ...blocks.slice(17)].join('');
    const found = defacerSignature.detect({
      model: analysePage(`<html><body>${signed}</body></html>`, PAGE_URL),
      baseline: null,
    });
    expect(found.map((r) => r.code)).toEqual(['defacer-message']);
    const clean = defacerSignature.detect({
      model: analysePage(`<html><body>${blocks.join('')}</body></html>`, PAGE_URL),
      baseline: null,
    });
    expect(clean).toEqual([]);
  });
});
