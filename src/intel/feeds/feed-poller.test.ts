/**
 * Feeds read for real: an RSS feed and a JSON claims feed over loopback HTTP through the guarded
 * fetcher, and a folder of text files, into the threat watch (over SQLite) and claim verification.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFetcher } from '../../fetch/undici-fetcher.ts';
import { LOOPBACK_OK, TEST_LIMITS, TEST_UA } from '../../fetch/test-servers.ts';
import type { Fetcher } from '../../fetch/types.ts';
import { IncidentStore } from '../../incidents/incident-store.ts';
import { openStoreWithHandle } from '../../store/open-store.ts';
import { makeTempDir } from '../../store/test-support.ts';
import type { EstateStore } from '../../store/types.ts';
import { ClaimService } from '../claim-service.ts';
import type { FeedConfig } from '../../config/intel.ts';
import { IntelStore } from '../intel-store.ts';
import { ThreatService } from '../threat-service.ts';
import { FeedPoller } from './feed-poller.ts';

const T0 = 1_760_000_000_000;
const RSS = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>board</title>
<item><guid>1</guid><title>#OpKokkai</title><description>横浜市のサイトを攻撃する</description></item>
<item><guid>2</guid><title>weather</title><description>sunny tomorrow</description></item>
</channel></rss>`;

const feed = (over: Partial<FeedConfig> & Pick<FeedConfig, 'name' | 'format'>): FeedConfig => ({
  pollSeconds: 60,
  claims: false,
  ...over,
});

describe('FeedPoller', () => {
  let store: EstateStore;
  let intel: IntelStore;
  let fetcher: Fetcher;
  let server: http.Server;
  let origin: string;
  let folder: string;
  let cleanup: () => Promise<void>;
  let poller: (feeds: FeedConfig[]) => FeedPoller;
  const served: Record<string, { type: string; body: string }> = {};

  beforeEach(async () => {
    const dir = await makeTempDir();
    const opened = await openStoreWithHandle({ url: `sqlite:${join(dir.path, 'f.db')}` });
    store = opened.store;
    await store.migrate();
    const city = await store.upsertOrganisation({ slug: 'city', name: '横浜市' }, T0);
    const site = await store.upsertSite(
      { organisationId: city.id, origin: 'https://www.city.yokohama.lg.jp', name: 'city' },
      T0,
    );
    await store.addPage({ siteId: site.id, url: 'https://www.city.yokohama.lg.jp/', source: 'declared' }, T0);
    intel = new IntelStore(opened.handle);
    server = http.createServer((req, res) => {
      const doc = served[req.url ?? ''];
      if (doc) res.writeHead(200, { 'content-type': doc.type }).end(doc.body);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    folder = await mkdtemp(join(tmpdir(), 'mamori-feed-'));
    fetcher = createFetcher({ limits: TEST_LIMITS, policy: LOOPBACK_OK, userAgent: TEST_UA });
    const log = pino({ level: 'silent' });
    const threats = new ThreatService({
      intel,
      store,
      vocabulary: { keywords: [], sectors: {} },
      sectorsBySlug: new Map(),
      heightenedMs: 3_600_000,
      now: () => T0,
      log,
    });
    const claims = new ClaimService({
      intel,
      store,
      incidents: new IncidentStore(opened.handle),
      checkPage: () => Promise.resolve(null),
      minSamples: 3,
      maxPages: 2,
      windowMs: 24 * 3_600_000,
      now: () => T0,
      log,
    });
    poller = (feeds) => new FeedPoller({ feeds, fetcher, threats, claims, log });
    cleanup = async () => {
      await fetcher.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(folder, { recursive: true, force: true });
      await store.close();
      await dir.remove();
    };
  });
  afterEach(async () => cleanup());

  it('opens a threat from an RSS item once, however often the feed is read', async () => {
    served['/feed.xml'] = { type: 'application/rss+xml', body: RSS };
    const p = poller([]);
    const config = feed({ name: 'board', format: 'rss', url: `${origin}/feed.xml` });
    expect(await p.poll(config)).toEqual({ feed: 'board', ok: true, items: 2, threats: 1, claims: 0 });
    expect(await p.poll(config)).toMatchObject({ ok: true, threats: 0 });
    expect(await poller([]).poll(config)).toMatchObject({ ok: true, threats: 0 }); // a restart: the stored id de-duplicates
    const [threat] = await intel.listThreats({ scope: 'all', limit: 5 });
    expect(threat).toMatchObject({ title: '#OpKokkai', source: 'feed:board' });
  });

  it('reads a folder of text files, the first line as the title', async () => {
    await writeFile(join(folder, 'a.txt'), '\n#OpSakura\n横浜市を標的にする\n');
    await writeFile(join(folder, 'ignored.bin'), 'not read');
    const result = await poller([]).poll(feed({ name: 'drop', format: 'folder', folder }));
    expect(result).toMatchObject({ ok: true, items: 1, threats: 1 });
    expect((await intel.listThreats({ scope: 'all', limit: 5 }))[0]?.title).toBe('#OpSakura');
  });

  it('checks the items of a claims feed as claims', async () => {
    served['/claims.json'] = {
      type: 'application/json',
      body: JSON.stringify({ items: [{ id: 'c1', content_text: 'www.city.yokohama.lg.jp hacked by X' }] }),
    };
    const result = await poller([]).poll(
      feed({ name: 'social', format: 'json', url: `${origin}/claims.json`, claims: true }),
    );
    expect(result).toMatchObject({ ok: true, items: 1, claims: 1 });
    expect((await intel.listClaims({ scope: 'all', limit: 5 }))[0]).toMatchObject({
      source: 'feed:social',
      asserts: 'defaced',
    });
  });

  it('reports an unreadable feed without throwing', async () => {
    served['/broken.json'] = { type: 'application/json', body: '{"entries": []}' };
    expect(await poller([]).poll(feed({ name: 'x', format: 'json', url: `${origin}/broken.json` }))).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/JSON Feed/) as unknown,
    });
    expect(await poller([]).poll(feed({ name: 'y', format: 'rss', url: `${origin}/missing.xml` }))).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/cannot fetch/) as unknown,
    });
    expect(await poller([]).poll(feed({ name: 'z', format: 'folder', folder: join(folder, 'nope') }))).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/cannot read folder/) as unknown,
    });
  });
});
