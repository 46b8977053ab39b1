import { describe, expect, it } from 'vitest';
import { analysePage } from '../analyse.ts';
import { emptyBaseline, learn, normaliseBaseline } from '../learn.ts';
import { activeContent } from '../detectors/active-content.ts';
import { addressKey, zoneOf } from './inventory.ts';

const URL_ = 'https://www.example.go.jp/a/index.html';
const PAGE = `<html><head><base href="https://www.example.go.jp/a/"><meta http-equiv="refresh" content="30">
<link rel="modulepreload" href="/js/app.mjs"><link rel="stylesheet" href="/css/s.css">
<script src="/js/app.js" async></script><script>var x = 1;</script></head>
<body onload="init()"><div id="main"><p>Text <a href="#" onclick="go(1)">link</a><script src="https://w.example.net/w.js"></script></p>
<iframe src="https://maps.example.com/embed?q=1" width="0" height="0"></iframe><object data="/f.swf"></object>
<form action="https://forms.example.org/post" method="post"><input name="q"></form></div>
<footer id="footer"><script>track()</script></footer></body></html>`;

describe('active-content inventory', () => {
  const items = analysePage(PAGE, URL_).activeContent ?? [];

  it('records every kind of active item with its place', () => {
    expect(items.map((i) => `${i.kind}@${i.zone}`)).toEqual([
      'base-href@head',
      'meta-refresh@head',
      'preload-script@head',
      'script-src@head',
      'script-inline@head',
      'event-handler@body',
      'event-handler@content',
      'script-src@content',
      'iframe@body',
      'object@body',
      'form-action@body',
      'script-inline@footer',
    ]);
    expect(items.find((i) => i.kind === 'script-src' && i.zone === 'head')).toMatchObject({
      loading: 'async',
      host: 'www.example.go.jp',
      external: false,
    });
    expect(items.find((i) => i.kind === 'iframe')).toMatchObject({
      hidden: 'zero-size',
      external: true,
      host: 'maps.example.com',
    });
  });

  it('folds hashed names, build ids and query values out of addresses, but keeps hosts and files apart', () => {
    expect(addressKey('https://c.example/assets/app.3f9a1c2b.js?v=12')).toBe(
      addressKey('https://c.example/assets/app.9d0e7f41.js?v=13'),
    );
    expect(addressKey('https://c.example/_next/static/Ab12Cd34Ef56Gh78Ij90K/main.js')).toBe(
      addressKey('https://c.example/_next/static/Zz99Yy88Xx77Ww66Vv55U/main.js'),
    );
    expect(addressKey('https://c.example/app.js')).not.toBe(addressKey('https://d.example/app.js'));
    expect(addressKey('https://c.example/app.js')).not.toBe(addressKey('https://c.example/pay.js'));
  });

  it('places selectors in zones', () => {
    expect(zoneOf('html>head>script')).toBe('head');
    expect(zoneOf('html>body>div#wrap>footer.site>script')).toBe('footer');
    expect(zoneOf('html>body>div#page-footer>script')).toBe('footer');
    expect(zoneOf('html>body>h1>script')).toBe('content');
    expect(zoneOf('html>script')).toBe('outside');
  });

  it('is learnt into the baseline, and old baselines without it load and stay quiet until learnt', () => {
    const model = analysePage(PAGE, URL_);
    const learnt = learn(null, model);
    expect(learnt.activeItems).toHaveLength(items.length);
    expect(learnt.activeHosts).toEqual(
      expect.arrayContaining(['maps.example.com', 'forms.example.org', 'w.example.net']),
    );
    const { activeItems: _a, activeHosts: _h, activeSamples: _s, ...old } = learnt;
    const loaded = normaliseBaseline(old);
    expect(loaded).toMatchObject({ activeItems: [], activeHosts: [], activeSamples: 0 });
    expect(activeContent.detect({ model, baseline: loaded })).toEqual([]);
    expect(learn(loaded, model).activeSamples).toBe(1);
    expect(emptyBaseline().activeSamples).toBe(0);
  });
});
