import { describe, expect, it } from 'vitest';
import { MAX_FEED_ITEMS, parseXmlFeed } from './parse-feed.ts';

describe('parseXmlFeed on hostile documents', { timeout: 60_000 }, () => {
  it('reads 400,000 nested <item> in bounded time without overflowing the stack', () => {
    const xml = `<rss><channel><item><title>First</title></item>${'<item><title>t</title>'.repeat(400_000)}</channel></rss>`;
    const start = performance.now();
    const feed = parseXmlFeed(xml);
    expect(performance.now() - start).toBeLessThan(20_000);
    expect(feed.items[0]?.title).toBe('First');
    expect(feed.items.length).toBeLessThanOrEqual(MAX_FEED_ITEMS);
    expect(feed.items.length + feed.skipped).toBeGreaterThan(MAX_FEED_ITEMS);
  });

  it('reads escaped markup nested 150,000 deep in a description', () => {
    const start = performance.now();
    const xml = `<rss><channel><item><title>T</title><description>${'&lt;div&gt;'.repeat(150_000)}Hacked by</description></item></channel></rss>`;
    const feed = parseXmlFeed(xml);
    expect(feed.items[0]?.text).toContain('Hacked by');
    expect(performance.now() - start).toBeLessThan(20_000);
  });
});
