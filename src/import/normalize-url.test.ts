import { describe, expect, it } from 'vitest';
import { normalizeTargetUrl } from './normalize-url.ts';

function normal(input: string): string {
  const result = normalizeTargetUrl(input);
  if (!result.ok) throw new Error(`expected ${input} to be accepted: ${result.message}`);
  return result.url;
}

describe('normalizeTargetUrl', () => {
  it('lower-cases scheme and host, drops the fragment and default port, keeps path and query', () => {
    expect(normal('  HTTPS://WWW.Example.GO.JP:443/Path/Page.html?Q=1&b=2#top ')).toBe(
      'https://www.example.go.jp/Path/Page.html?Q=1&b=2',
    );
    expect(normal('http://example.jp:80')).toBe('http://example.jp/');
    expect(normal('http://example.jp:8080/a')).toBe('http://example.jp:8080/a');
  });

  it('turns Japanese IDN hosts into punycode', () => {
    expect(normal('https://法務省.jp/')).toBe('https://xn--lhrp81digh.jp/');
    expect(normal('http://日本語.JP/')).toBe('http://xn--wgv71a119e.jp/');
  });

  it('percent-encodes Japanese path and query characters, with upper-case escapes', () => {
    expect(normal('https://example.go.jp/法令/検索?q=登記')).toBe(
      'https://example.go.jp/%E6%B3%95%E4%BB%A4/%E6%A4%9C%E7%B4%A2?q=%E7%99%BB%E8%A8%98',
    );
    expect(normal('https://example.go.jp/%e6%b3%95')).toBe('https://example.go.jp/%E6%B3%95');
  });

  it('rejects relative, scheme-less and whitespace-bearing input as malformed', () => {
    for (const input of ['/news/', 'www.example.jp', 'http:example.jp', 'http:///', 'http://a.jp/x y', '']) {
      const result = normalizeTargetUrl(input);
      expect(result.ok, input).toBe(false);
      if (!result.ok) expect(result.kind, input).toBe('malformed');
    }
  });

  it('reports other schemes as unsupported', () => {
    for (const input of ['ftp://example.jp/file', 'file:///etc/passwd', 'mailto:info@example.jp']) {
      const result = normalizeTargetUrl(input);
      expect(result).toMatchObject({ ok: false, kind: 'unsupported' });
    }
  });
});

describe('normalizeTargetUrl and credentials', () => {
  it('refuses a URL with a user name or password', () => {
    for (const url of ['https://u:p@example.jp/', 'https://u@example.jp/']) {
      expect(normalizeTargetUrl(url)).toMatchObject({
        ok: false,
        kind: 'unsupported',
        message: expect.stringContaining('user name or password') as string,
      });
    }
  });
});
