import { describe, expect, it } from 'vitest';
import type { Baseline } from '../baseline.ts';
import type { PageParts } from '../testing/fixtures.ts';
import { judgeInput, learntBaseline } from '../testing/learnt.ts';
import { injectedScript } from './injected-script.ts';

const baseline = learntBaseline();
const detect = (parts: PageParts, b: Baseline = baseline) =>
  injectedScript.detect({ model: judgeInput(parts), baseline: b });
const atBodyEnd = (source: string) => ({ bodyEnd: `<script>${source}</script>` });

/** A framework state blob: ASCII-escaped Japanese (which reads as an escaped payload) and data that changes every build. */
// Framework state shipped base64-encoded and decoded on load: a disguise feature (atob) on every version.
const nuxt = (state: string, id: string) => `window.__NUXT__=JSON.parse(atob("${state}"));window.__ID__="${id}"`;
const ESCAPED_NEWS = Buffer.from('{"title":"法務省からのお知らせ","items":[]}').toString('base64');
const ESCAPED_WHITE_PAPER = Buffer.from('{"title":"白書を公表しました","items":[1]}').toString('base64');

const GTM =
  "(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});" +
  "var f=d.getElementsByTagName(s)[0],j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;" +
  "j.src='https://www.googletagmanager.com/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);})(window,document,'script','dataLayer','GTM-AB12CD');";
const MATOMO =
  "var _paq = window._paq = window._paq || []; _paq.push(['trackPageView']); (function(){ var u='https://stats.example/';" +
  " var g=document.createElement('script'); g.async=true; g.src=u+'matomo.js'; document.head.appendChild(g); })();";

describe('injected-script', () => {
  it('calls a new script with two disguises high and quotes it', () => {
    const source = 'eval(atob("ZG9jdW1lbnQudGl0bGU9MQ=="));';
    const reasons = detect(atBodyEnd(source));
    expect(reasons).toEqual([
      expect.objectContaining({
        code: 'obfuscated-script',
        severity: 'high',
        evidence: { selector: 'html>body>script', snippet: source },
      }),
    ]);
    expect(reasons[0]?.message).toContain('(eval, atob)');
  });

  it('calls a script with a single disguise medium', () => {
    expect(detect(atBodyEnd('eval(x);'))).toEqual([
      expect.objectContaining({ code: 'obfuscated-script', severity: 'medium' }),
    ]);
  });

  it.each([
    ['a 1x1 iframe', `document.write('<iframe src="https://drive.example/x" width="1" height="1"></iframe>');`],
    [
      'a visibility:hidden iframe',
      `document.write('<iframe src="https://drive.example/x" style="visibility:hidden"></iframe>');`,
    ],
  ])('calls document.write of %s high', (_name, source) => {
    const reasons = detect(atBodyEnd(source));
    expect(reasons).toEqual([
      expect.objectContaining({
        code: 'script-writes-hidden-content',
        severity: 'high',
        evidence: { selector: 'html>body>script', snippet: source },
      }),
    ]);
    expect(reasons[0]?.message).toContain('document-write, writes-iframe, hidden-markup');
  });

  it('calls a script that adds a visible frame medium', () => {
    const source =
      "var f=document.createElement('iframe'); f.src='https://maps.example/'; document.body.appendChild(f);";
    expect(detect({ main: `<script>${source}</script>` })).toEqual([
      expect.objectContaining({
        code: 'script-writes-frame',
        severity: 'medium',
        evidence: { selector: 'html>body>div#main>script', snippet: source },
      }),
    ]);
  });

  it('calls a coin miner high', () => {
    expect(detect(atBodyEnd("var m = new CoinHive.Anonymous('k'); m.start();"))[0]).toMatchObject({
      code: 'coin-miner',
      severity: 'high',
    });
  });

  it('ignores a state blob whose place and behaviours match one in the baseline', () => {
    const withState = learntBaseline(atBodyEnd(nuxt(ESCAPED_NEWS, 'a1')));
    const next = atBodyEnd(nuxt(ESCAPED_WHITE_PAPER, 'b2'));
    // The new blob is new text, and on its own reads as disguised (atob)...
    expect(withState.inlineScriptShapes).not.toContain(judgeInput(next).scripts.at(-1)?.inlineShapeHash);
    expect(detect(next)).toEqual([expect.objectContaining({ code: 'obfuscated-script', severity: 'medium' })]);
    // ...but the page has always had one there.
    expect(withState.scriptSignatures).toContain('html>body>script|atob');
    expect(detect(next, withState)).toEqual([]);
  });

  it('ignores an ordinary new analytics snippet', () => {
    expect(detect({ head: `<script>${GTM}</script>` })).toEqual([]);
    expect(detect(atBodyEnd(MATOMO))).toEqual([]);
  });

  it('ignores an unchanged inline script and external scripts, and stays quiet without a baseline', () => {
    expect(detect({})).toEqual([]);
    expect(detect({ bodyEnd: '<script src="https://drive.example/eval.js"></script>' })).toEqual([]);
    expect(injectedScript.detect({ model: judgeInput(atBodyEnd('eval(atob("eA=="))')), baseline: null })).toEqual([]);
  });

  it('calls a mail-address protection script medium, not high: one disguise with a dropper', () => {
    const reasons = detect(atBodyEnd('document.write(String.fromCharCode(105,110,102,111,64,109,111,106));'));
    expect(reasons).toEqual([expect.objectContaining({ code: 'obfuscated-script', severity: 'medium' })]);
  });
});
