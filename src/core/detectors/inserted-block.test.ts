import { describe, expect, it } from 'vitest';
import type { Baseline } from '../baseline.ts';
import { analysePage } from '../analyse.ts';
import { learn } from '../learn.ts';
import { insertedBlock } from './inserted-block.ts';

const URL_ = 'https://www.council.example.gov/services/waste.html';

/** A council's page on waste collection, English, styled from its stylesheet through classes. */
function councilPage(news: string, afterH1 = '', lang = 'en'): string {
  return `<!DOCTYPE html><html lang="${lang}"><head><title>Waste collection | Example Council</title></head><body>
<header class="site-header"><a href="/"><img src="/img/crest.png" alt="Example Council"></a>
<nav class="main-nav"><ul><li><a href="/services/">Services</a></li><li><a href="/council/">The council</a></li><li><a href="/contact/">Contact us</a></li></ul></nav></header>
<main id="content"><h1 class="page-title">Waste collection</h1>${afterH1}
<p class="intro">Household waste is collected once a week. Recycling is collected every two weeks on the same day as your waste.</p>
<h2 class="section">Collection days</h2><p class="body">Find your collection day by entering your postcode in the form below. Bins must be out by 7am.</p>
<ul class="news"><li class="news-item">${news}</li></ul>
<p class="body">If your bin was missed, report it within two working days and we will come back to collect it.</p></main>
<footer class="site-footer"><p>Example Council, Town Hall, High Street. Telephone 01234 567890.</p></footer></body></html>`;
}

function learnt(lang = 'en'): Baseline {
  let b: Baseline | null = null;
  for (const n of [
    'Garden waste service opens in March',
    'Christmas collection dates published',
    'New food waste caddies delivered this month',
  ]) {
    b = learn(b, analysePage(councilPage(n, '', lang), URL_));
  }
  return b as Baseline;
}

const detect = (afterH1: string, baseline = learnt()) =>
  insertedBlock.detect({
    model: analysePage(councilPage('Bulky waste collections now bookable online', afterH1), URL_),
    baseline,
  });

describe('inserted-block', () => {
  it("calls a styled banner with its own headline, an image from a new host and a defacer's message high, naming every signal", () => {
    const reasons = detect(
      '<div style="text-align:center;background:#000;color:#0f0"><img src="https://img.example.net/skull.png"><h1>Owned by Nobody</h1><p>Greetz to all the cyber army. Patch your website!!!</p></div>',
    );
    const main = reasons.find((r) => r.code === 'inserted-block');
    expect(main?.severity).toBe('high');
    expect(main?.message).toContain("right after the page's headline");
    expect(main?.message).toContain('centred, coloured');
    expect(main?.message).toContain('img.example.net');
    expect(main?.message).toContain('crew talk');
    expect(main?.message).toContain('words to the site owner');
    expect(main?.evidence?.selector).toMatch(/^html>body>main#content>div>h1/);
    // Per-signal notes, for a verdict model to weigh apart.
    expect(reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining(['inserted-block-markup', 'inserted-block-register', 'inserted-block-image']),
    );
  });

  it('sees a block of old-style deface markup (center, font) with a contact handle and laughter, without any known phrase', () => {
    const reasons = detect(
      '<center><font color="red" size="6">HAHAHAHA</font><br><font>contact t.me/someone</font></center>',
    );
    expect(reasons[0]).toMatchObject({ code: 'inserted-block', severity: 'high' });
    expect(reasons[0]?.message).toContain('font-tag');
    expect(reasons[0]?.message).toContain('a contact handle');
  });

  it('names a message in another language than the page', () => {
    const page = (news: string, extra = '') => `<html lang="de"><head><title>Abfall | Stadt</title></head><body>
<main id="inhalt"><h1 class="titel">Abfallabholung</h1>${extra}<p class="text">Der Hausmüll wird einmal pro Woche abgeholt, die Tonnen sind für die Bürger der Stadt und werden auch an Feiertagen geleert.</p>
<ul class="news"><li class="eintrag">${news}</li></ul><p class="text">Wenn die Tonne nicht abgeholt wurde, melden Sie es bitte bei der Stadt und wir kommen noch einmal.</p></main></body></html>`;
    let b: Baseline | null = null;
    for (const n of ['Neue Tonnen für die Stadt', 'Abholung an den Feiertagen', 'Die Sammlung im Winter'])
      b = learn(b, analysePage(page(n), URL_));
    expect((b as Baseline).language).toBe('de');
    const message =
      '<div class="box"><h2>This is the end of the road</h2><p>You will not see this site again and we are the ones who did it.</p></div>';
    const reasons = insertedBlock.detect({
      model: analysePage(page('Sperrmüll online buchen', message), URL_),
      baseline: b,
    });
    expect(reasons[0]?.message).toContain('written in another language (en) than the page (de)');
    expect(['medium', 'high']).toContain(reasons[0]?.severity);
  });

  it("keeps an ordinary notice in the page's language and register below low, even at the top with a headline", () => {
    const reasons = detect(
      '<div class="notice"><h2>Collections delayed after the bank holiday</h2><p>All collections this week will be one day later than usual. Thank you for your patience.</p></div>',
    );
    expect(reasons.every((r) => r.severity === 'info')).toBe(true);
  });

  it('does not count a centred notice in ordinary words as more than low', () => {
    const reasons = detect(
      '<div style="text-align:center;border:1px solid #ccc"><h2>Service update</h2><p>The recycling centre is closed on Monday for maintenance.</p></div>',
    );
    expect(reasons.find((r) => r.code === 'inserted-block')?.severity).toBe('low');
  });

  it("does not mistake a security news item for a defacement: no prominent place, the page's own markup", () => {
    const baseline = learnt();
    const model = analysePage(
      councilPage('Warning: hackers send fake council tax e-mails, do not click their links'),
      URL_,
    );
    const reasons = insertedBlock.detect({ model, baseline });
    expect(reasons.every((r) => r.severity === 'info' || r.severity === 'low')).toBe(true);
  });

  it('leaves a page rewritten for the most part to the page-replaced detector', () => {
    const baseline = learnt();
    const rewritten = `<html><body><main id="content"><h1>Waste collection</h1><div style="color:red"><h2>Hacked</h2><p>Greetz to all.</p></div>${'<p>A completely new text about recycling rules in the borough. </p>'.repeat(3)}</main></body></html>`;
    expect(insertedBlock.detect({ model: analysePage(rewritten, URL_), baseline })).toEqual([]);
  });

  it('stays quiet without a baseline', () => {
    expect(
      insertedBlock.detect({ model: analysePage(councilPage('x', '<h1>Hacked by nobody</h1>'), URL_), baseline: null }),
    ).toEqual([]);
  });
});
