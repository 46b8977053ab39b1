import { describe, expect, it } from 'vitest';
import { foldUrl, hostOf, isExternalHost, registrableDomain, resolveUrl, siteHost } from './url.ts';
import { randomText, seeded } from './testing/seeded.ts';

describe('resolveUrl', () => {
  it('resolves against the page and lower-cases the host', () => {
    expect(resolveUrl(' ../a.html ', 'https://WWW.Moj.example.go.jp/news/index.html')).toEqual({
      href: 'https://www.moj.example.go.jp/a.html',
      host: 'www.moj.example.go.jp',
    });
  });

  it('gives non-network schemes no host, and blank or broken URLs null', () => {
    expect(resolveUrl('javascript:void(0)', 'https://a.example/')?.host).toBeNull();
    expect(resolveUrl('mailto:info@a.example', 'https://a.example/')?.host).toBeNull();
    expect(resolveUrl('   ', 'https://a.example/')).toBeNull();
    expect(resolveUrl('http://[bad', 'https://a.example/')).toBeNull();
  });

  it('knows network schemes in any case, and only those', () => {
    expect(resolveUrl('HTTPS://A.Example/x', 'https://b.example/')?.host).toBe('a.example');
    expect(resolveUrl('Http://A.Example:8080/', 'https://b.example/')?.host).toBe('a.example:8080');
    expect(resolveUrl('httpx://a.example/', 'https://b.example/')?.host).toBeNull();
    expect(resolveUrl('ftp://a.example/', 'https://b.example/')?.host).toBeNull();
  });
});

describe('siteHost', () => {
  it.each([
    ['www.moj.go.jp', 'moj.go.jp'],
    ['moj.go.jp:8443', 'moj.go.jp'],
    ['www.moj.go.jp:8443', 'moj.go.jp'],
    ['wwwmoj.go.jp', 'wwwmoj.go.jp'],
    ['[2001:db8::1]:8080', '[2001:db8::1]'],
  ])('reads %s as the site %s', (host, site) => {
    expect(siteHost(host)).toBe(site);
  });
});

describe('isExternalHost', () => {
  it('treats www and port variants of the page host as the same site', () => {
    expect(isExternalHost('moj.go.jp', 'www.moj.go.jp')).toBe(false);
    expect(isExternalHost('www.moj.go.jp:443', 'moj.go.jp')).toBe(false);
  });

  it('treats another host, even a subdomain, as external, and unknown hosts as not', () => {
    expect(isExternalHost('cdn.moj.go.jp', 'www.moj.go.jp')).toBe(true);
    expect(isExternalHost('spam.example', 'www.moj.go.jp')).toBe(true);
    expect(isExternalHost(null, 'www.moj.go.jp')).toBe(false);
    expect(isExternalHost('spam.example', null)).toBe(false);
  });
});

describe('hostOf', () => {
  it('returns the lower-case host with its port, or null', () => {
    expect(hostOf('https://WWW.Example.org:8443/x')).toBe('www.example.org:8443');
    expect(hostOf('/relative')).toBeNull();
  });
});

describe('registrableDomain', () => {
  it.each([
    ['www.moj.go.jp', 'moj.go.jp'],
    ['app.usercentrics.eu', 'usercentrics.eu'],
    ['a.b.co.uk', 'b.co.uk'],
    ['www.city.example.lg.jp', 'example.lg.jp'],
    ['news.gov.au', 'news.gov.au'],
    ['example.com', 'example.com'],
    ['cdn.example.com:8080', 'example.com'],
    ['192.0.2.1', '192.0.2.1'],
    ['192.0.2.1:8080', '192.0.2.1'],
    ['[2001:db8::1]', '[2001:db8::1]'],
  ])('reads %s as %s', (host, domain) => {
    expect(registrableDomain(host)).toBe(domain);
  });

  it('keeps tenants of shared hosting apart, and Japanese municipalities under their prefecture', () => {
    expect(registrableDomain('a.cloudfront.net')).toBe('a.cloudfront.net');
    expect(registrableDomain('x.y.github.io')).toBe('y.github.io');
    expect(registrableDomain('www.city.shibuya.tokyo.jp')).toBe('city.shibuya.tokyo.jp');
    expect(registrableDomain('www.pref.osaka.jp')).toBe('pref.osaka.jp');
  });

  it('gives the same answers when asked again, past the bound of the hosts it remembers', () => {
    const hosts = Array.from({ length: 12_000 }, (_, i) => `h${i}.s${i % 7}.co.jp`);
    const first = hosts.map(registrableDomain);
    expect(first[5]).toBe('s5.co.jp');
    expect(hosts.map(registrableDomain)).toEqual(first);
    expect(registrableDomain('a.cloudfront.net')).toBe('a.cloudfront.net');
  });
});

describe('foldUrl', () => {
  it('folds hex runs and digits so rebuilt assets keep one address', () => {
    expect(foldUrl('https://cdn.example/app.3f9a2b1c.js?v=12')).toBe('https://cdn.example/app.~.js?v=0');
    expect(foldUrl('https://cdn.example/app.3f9a2b1c.js?v=12')).toBe(
      foldUrl('https://cdn.example/app.77aa00ff.js?v=13'),
    );
  });

  it('keeps different files apart', () => {
    expect(foldUrl('https://cdn.example/menu.js')).not.toBe(foldUrl('https://cdn.example/loader.js'));
  });

  it('folds as the two replacements it stands for, on random addresses', () => {
    const next = seeded(21);
    const pieces = ['0', '00', '7', '12', 'a', 'F', 'e', 'deadbeef', 'g', 'x', 'Z', '/', '.', '~', '?v=', 'é', '٣'];
    for (let i = 0; i < 20_000; i++) {
      const url = randomText(next, pieces, 24);
      expect(foldUrl(url), url).toBe(url.replace(/[0-9a-f]{8,}/gi, '~').replace(/\d+/g, '0'));
    }
  });
});
