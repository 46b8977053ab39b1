import { describe, expect, it } from 'vitest';
import { featureNeedles, scriptFeatures, scriptSignature } from './script-features.ts';

const features = (source: string) => scriptFeatures(source).features;

/** Deterministic base64-looking noise (a Park–Miller generator). */
function noise(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let x = 42;
  return Array.from({ length }, () => {
    x = (x * 48271) % 2147483647;
    return alphabet[x % 64] ?? 'A';
  }).join('');
}

describe('scriptFeatures', () => {
  it.each([
    ['eval', 'eval("1")'],
    ['eval', 'new Function("a", "return a")'],
    ['eval', "Function('return this')()"],
    ['unescape', 'unescape("%41")'],
    ['unescape', "decodeURIComponent('%E3%81%82')"],
    ['from-char-code', 'String.fromCharCode(72,105)'],
    ['atob', 'atob("eA==")'],
    ['document-write', 'document.writeln("x")'],
    ['writes-iframe', "el.innerHTML = '<iframe src=x>'"],
    ['writes-iframe', "document.createElement('iframe')"],
    ['writes-script', 'document.createElement("script")'],
    ['writes-script', "html += '<script src=x>'"],
    ['navigates', 'window.location = "x"'],
    ['navigates', 'top.location.href="x"'],
    ['navigates', 'location.replace("/")'],
    ['navigates', "location = '/x'"],
    ['reads-referrer', 'var r = document.referrer'],
    ['reads-user-agent', 'var ua = navigator.userAgent'],
    ['reads-cookie', 'var c = document.cookie'],
    ['escaped-payload', `"${'\\x41'.repeat(8)}"`],
    ['escaped-payload', `"${'\\x41'.repeat(8)}"`],
    ['escaped-payload', `"${'%41'.repeat(12)}"`],
    ['miner', 'new CoinHive.Anonymous("k")'],
    ['miner', 'miner.start()'],
    ['computed-access', 'window["ev"+"al"]'],
    ['computed-access', 'document[x]'],
    ['junk-replace', "s.replace(/qWeRtY/g,'')"],
    ['hidden-markup', '\'<div style="visibility:hidden">\''],
    ['hidden-markup', '\'<iframe width="1" height="1">\''],
  ])('finds %s in %s', (feature, source) => {
    expect(features(source)).toContain(feature);
  });

  it.each([
    'medieval(1); x.evaluate(y)',
    'decodeURIComponent(location.search)',
    'btoa("x")',
    'document.getElementById("w").textContent = "write"',
    "document.querySelector('iframe')",
    'document.scripts.length',
    'if (location.href == "/") {}',
    'if (window.location.href === u) {}',
    'var here = location.href;',
    'var language = navigator.languageCode',
    '"\\u00e9\\u00e8"',
    'var minerals = 1',
    'window["dataLayer"] = []',
    "window['gtag']('js')",
    "s.replace(/\\s+/g, ' ')",
    "el.style.display = 'block'",
    '\'<img width="100">\'',
    // A link to a Japanese page, percent-encoded as every browser writes it.
    'var next = "https://note.example.jp/hashtag/%E3%83%87%E3%82%B6%E3%82%A4%E3%83%B3%E3%81%A8%E8%A1%8C%E6%94%BF"',
  ])('finds nothing in the look-alike %s', (source) => {
    expect(features(source)).toEqual([]);
  });

  it('calls a long high-entropy string literal opaque, but not long prose', () => {
    expect(features(`var p = "${noise(500)}";`)).toEqual(['opaque-string']);
    const prose = 'The ministry publishes notices about changes to registration procedures and opening hours. '.repeat(
      6,
    );
    expect(features(`var p = "${prose}";`)).toEqual([]);
  });

  it('calls dense \\x escapes a disguise, but not a couple in ordinary code', () => {
    expect(features(`var s = "${'\\x68\\x65\\x6c\\x6c\\x6f'.repeat(5)}";`)).toEqual(['escaped-payload', 'hex-escapes']);
    expect(features(`var a = "\\x41\\x42"; ${'function go(){ return 1; } '.repeat(20)}`)).toEqual([]);
    // Upper-case `\X` escapes count too (the patterns ignore case; a quick search for `\x` alone would skip them).
    expect(features(`var s = "${'\\X68\\X65\\X6c\\X6c\\X6f'.repeat(5)}";`)).toEqual(['escaped-payload', 'hex-escapes']);
  });

  it('collects the distinct absolute URLs written in the source', () => {
    const { urls } = scriptFeatures(
      'a="https://a.example/x?y=1"; b=\'http://b.example/\'; c="https://a.example/x?y=1"; d="/local"',
    );
    expect(urls).toEqual(['https://a.example/x?y=1', 'http://b.example/']);
  });

  it('keeps at most 20 URLs', () => {
    const source = Array.from({ length: 30 }, (_, i) => `"https://h${i}.example/"`).join(';');
    expect(scriptFeatures(source).urls).toHaveLength(20);
  });
});

describe('scriptSignature', () => {
  it('joins the region (positions dropped) and the sorted features', () => {
    expect(scriptSignature({ path: 'html>body>div#main>script:nth-of-type(2)', features: ['navigates', 'eval'] })).toBe(
      'html>body>div#main>script|eval,navigates',
    );
  });

  it('gives one signature to the same script at another position, and another to other behaviours', () => {
    const a = scriptSignature({ path: 'html>body>script:nth-of-type(1)', features: ['atob'] });
    expect(scriptSignature({ path: 'html>body>script:nth-of-type(7)', features: ['atob'] })).toBe(a);
    expect(scriptSignature({ path: 'html>body>script:nth-of-type(1)', features: ['atob', 'eval'] })).not.toBe(a);
  });

  it('does not sort the caller’s feature list in place', () => {
    const list = ['navigates', 'eval'];
    scriptSignature({ path: 'html>body>script', features: list });
    expect(list).toEqual(['navigates', 'eval']);
  });
});

describe('the shared needle scan', () => {
  it('has no needle that is the prefix of another, so one scan finds every needle present', () => {
    const needles = featureNeedles();
    expect(needles.filter((a) => needles.some((b) => b !== a && b.startsWith(a)))).toEqual([]);
  });

  it('has no needle with a line break, so none spans the join of a long script’s head and tail (scanRead)', () => {
    expect(featureNeedles().filter((n) => /[\r\n]/.test(n))).toEqual([]);
  });

  it('tries a feature only when one of its words is there, whatever the case', () => {
    expect(scriptFeatures("WINDOW.LOCATION = 'https://x.example/'").features).not.toContain('navigates');
    expect(scriptFeatures("window.location = 'https://x.example/'").features).toContain('navigates');
    expect(scriptFeatures('document.write(unescape("%3Cscript%3E"))').features).toEqual(
      expect.arrayContaining(['document-write', 'unescape']),
    );
    expect(scriptFeatures("var s = document['coo'+'kie'];").features).toContain('reads-cookie');
  });
});
