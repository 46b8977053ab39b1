import { describe, expect, it } from 'vitest';
import { parseJsonFeed, parseXmlFeed } from './parse-feed.ts';

describe('parseXmlFeed', () => {
  it('reads RSS items with escaped HTML descriptions and a guid', () => {
    const feed = parseXmlFeed(`<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>
      <item><title>#OpKokkai 声明</title><description>&lt;p&gt;We will &lt;b&gt;attack&lt;/b&gt; 総務省&lt;/p&gt;</description>
        <link>https://board.example/t/1</link><guid>post-1</guid><pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate></item>
      <item><link>https://board.example/t/2</link></item>
    </channel></rss>`);
    expect(feed.items).toEqual([
      {
        key: 'post-1',
        title: '#OpKokkai 声明',
        text: 'We will attack 総務省',
        url: 'https://board.example/t/1',
        publishedAt: Date.parse('2026-12-01T10:00:00Z'),
      },
    ]);
    expect(feed.skipped).toBe(1);
  });

  it('reads Atom entries (content before summary, the alternate link)', () => {
    const feed =
      parseXmlFeed(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>urn:1</id><title type="text">Claim</title>
      <link rel="self" href="https://x.example/self"/><link href="https://x.example/1"/>
      <summary>short</summary><content type="html">&lt;p&gt;moj.go.jp hacked&lt;/p&gt;</content><updated>2026-12-01T00:00:00Z</updated></entry></feed>`);
    expect(feed.items).toEqual([
      {
        key: 'urn:1',
        title: 'Claim',
        text: 'moj.go.jp hacked',
        url: 'https://x.example/1',
        publishedAt: Date.parse('2026-12-01T00:00:00Z'),
      },
    ]);
  });

  it('survives a truncated document', () => {
    expect(parseXmlFeed('<rss><channel><item><title>cut off').items.map((i) => i.title)).toEqual(['cut off']);
  });
});

describe('parseJsonFeed', () => {
  it('reads a JSON Feed and a bare array, skipping empty items', () => {
    const feed = parseJsonFeed(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        items: [{ id: 'a', title: 'T', content_text: 'body', date_published: '2026-12-01T00:00:00Z' }, { id: 'b' }, 3],
      }),
    );
    expect(feed).toEqual({
      items: [{ key: 'a', title: 'T', text: 'body', url: null, publishedAt: Date.parse('2026-12-01T00:00:00Z') }],
      skipped: 2,
    });
    expect(parseJsonFeed('[{"title":"x","text":"y","url":"https://u.example/"}]').items[0]).toMatchObject({
      key: 'https://u.example/',
      text: 'y',
    });
  });

  it('says what it expected when the shape is wrong', () => {
    expect(() => parseJsonFeed('{"entries":[]}')).toThrow(/JSON Feed/);
    expect(() => parseJsonFeed('{oops')).toThrow(/not JSON/);
  });
});
