import { describe, expect, it } from 'vitest';
import {
  addresses,
  allNeedles,
  needleScanner,
  codeSkeleton,
  describeBehaviour,
  normaliseScript,
  scriptBehaviour,
} from './script-behaviour.ts';

const features = (source: string) => scriptBehaviour(source).features;

describe('scriptBehaviour', () => {
  it.each([
    ['reads-fields', "var n = document.getElementById('x').value;"],
    ['reads-fields', "var d = $('#f').serialize();"],
    ['reads-fields', 'var d = new FormData(form);'],
    ['reads-fields', "document.querySelectorAll('input, select')"],
    ['card-fields', "byName('payment[cc_number]')"],
    ['card-fields', "getElementById('billing:street1')"],
    ['card-fields', "field('creditcard_cvv')"],
    ['listens-submit', "form.addEventListener('submit', go)"],
    ['listens-submit', "$('#pay').bind('mouseup touchend', go)"],
    ['listens-submit', 'btn.onclick = go'],
    ['listens-submit', '$(form).submit(function(){ go() })'],
    ['credential-fields', "byName('password').value"],
    ['polls', 'setInterval(check, 500)'],
    ['sink-beacon', "navigator.sendBeacon('/c', d)"],
    ['sink-image', 'var i = new Image(); i.src = u + d'],
    ['sink-image', "var i = document.createElement('img'); i.src = u"],
    ['sink-fetch', "fetch(u, {method:'POST'})"],
    ['sink-xhr', 'var x = new XMLHttpRequest()'],
    ['sink-xhr', 'jQuery.ajax({url: u})'],
    ['sink-websocket', 'new WebSocket(u)'],
    ['sink-form', "var f = document.createElement('form'); f.action = u; f.submit()"],
    ['decode-exec', 'eval(atob(p))'],
    ['decode-exec', "this['eval'](String['fromCharCode'](97))"],
    ['decode-exec', "new Function(unescape('%61'))"],
    ['decode-exec', 'eval(function(p,a,c,k,e,d){return p})'],
    ['runs-response', 'eval(x.responseText)'],
    ['array-rotation', "while(!![]){try{a['push'](a['shift']())}catch(e){}}"],
    ['reads-time', 'if (new Date().getHours() > 20) go()'],
    ['reads-language', 'if (navigator.language == "ru") go()'],
    ['opens-window', "window.open('https://x.example/')"],
    ['writes-refresh', `document.write('<meta http-equiv="refresh" content="0;url=x">')`],
    ['hides-element', "f.style.display = 'none'"],
    ['hides-element', 'f.width = 0; f.height = 0;'],
    ['hides-element', "f.setAttribute('width', '1')"],
    ['frame-address', "var f = document.createElement('iframe'); f.src = u;"],
    ['writes-script', "(function(d,s){var j=d.createElement(s);j.src=u})(document,'script')"],
    ['mines', 'new Worker(b); w.postMessage({throttle: 0.5})'],
  ])('finds %s in %s', (feature, source) => {
    expect(features(source)).toContain(feature);
  });

  it.each([
    'var total = price * 2;',
    "el.value = 'x';",
    "document.getElementById('menu').classList.toggle('open')",
    "el.style.display = 'block'",
    'var wasm = 1; var workers = [];',
    'console.log(0x10)',
  ])('finds no field reading, sink or loader in %s', (source) => {
    const found = features(source).filter((f) =>
      /^(reads-fields|sink-|decode-exec|writes-script|mines|hides-element)/.test(f),
    );
    expect(found).toEqual([]);
  });

  it('has no needle word that is the prefix of another (the one-scan search would miss it)', () => {
    const needles = allNeedles();
    expect(needles.filter((a) => needles.some((b) => b !== a && b.startsWith(a)))).toEqual([]);
  });

  it('counts dense hex numbers as an obfuscator trace, but not a few', () => {
    const dense = Array.from({ length: 40 }, (_, i) => `a(0x${(i * 37).toString(16)})`).join('+');
    expect(features(dense)).toContain('hex-numbers');
    expect(features('var a = 0xff, b = 0x10;')).not.toContain('hex-numbers');
    // Upper-case `0X` counts too (the pattern ignores case; a quick search for `0x` alone would skip it).
    expect(features(dense.replaceAll('0x', '0X'))).toContain('hex-numbers');
  });

  it('undoes bracket access and joined literals', () => {
    expect(normaliseScript("window['loc'+'ation']['replace']('x')")).toBe("window.location.replace('x')");
  });

  it('collects absolute and protocol-relative addresses', () => {
    expect(addresses('a=\'//cdn.example.org/x.js\'; b="https://api.example.com:8443/v1"; // comment')).toEqual([
      'https://cdn.example.org/x.js',
      'https://api.example.com:8443/v1',
    ]);
  });
});

describe('codeSkeleton', () => {
  it('is the same when only data changes, and differs when code or destination does', () => {
    const a = codeSkeleton('window.cfg={"token":"abc123","t":1714550400}', []);
    expect(codeSkeleton('window.cfg={"token":"zz9988","t":1714636800}', [])).toBe(a);
    expect(codeSkeleton('window.cfg={"token":"abc123"};fetch(u)', [])).not.toBe(a);
    expect(codeSkeleton('window.cfg={"token":"abc123","t":1714550400}', ['evil.example'])).not.toBe(a);
    expect(codeSkeleton('window.cfg = { "token": \'a\\\'b\', "t": 1.5e3 }', [])).toBe(a);
    expect(codeSkeleton('window.cfg2={"token":"abc123","t":1714550400}', [])).not.toBe(a);
  });
});

describe('describeBehaviour', () => {
  it('says what the script does and which alarming things it does not', () => {
    expect(describeBehaviour([])).toBe('shows no form reading, no network sink, no navigation, no script creation');
    expect(describeBehaviour(['listens-submit'])).toBe(
      'waits for a submit or click (no form reading, no network sink)',
    );
    expect(describeBehaviour(['reads-fields', 'card-fields', 'sink-xhr'])).toBe(
      'reads payment fields; can send data (XMLHttpRequest)',
    );
  });
});

describe('needleScanner', () => {
  it('finds words that overlap, in any case, and only words that are there', () => {
    const found = needleScanner([]).scan('x.HASHIFT = 1; // iFrame');
    expect([...found].sort()).toEqual(['hash', 'iframe', 'shift']);
    expect(needleScanner(['cookie']).scan('document.cookie').has('cookie')).toBe(true);
    expect(needleScanner([]).scan('var a = 1;').size).toBe(0);
  });

  it('tells the words of a long text from those of the head and tail behaviour analysis reads', () => {
    // Words inside the head, across its end, in the middle, across the tail's start, inside the tail.
    const filler = (n: number): string => ' '.repeat(n);
    const text = `fetch(${filler(12_279)}iframe${filler(20_000)}cookie${filler(20_000)}WebSocket${filler(12_280)}atob`;
    const scanner = needleScanner(['cookie', 'atob']);
    const { whole, read } = scanner.scanRead(text);
    const sample = `${text.slice(0, 12_288)}\n${text.slice(-12_288)}`;
    expect(whole).toEqual(scanner.scan(text));
    expect(read).toEqual(scanner.scan(sample));
    expect([...read].sort()).toEqual(['atob', 'fetch']);
    // A text read whole has one set for both.
    const short = scanner.scanRead('fetch(x); document.cookie');
    expect(short.read).toBe(short.whole);
    expect([...short.whole].sort()).toEqual(['cookie', 'fetch']);
  });
});
