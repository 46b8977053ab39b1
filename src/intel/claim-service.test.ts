/**
 * Claim verification's target resolution and bookkeeping over a real SQLite store. The checks
 * themselves are the pipeline's (tested end to end in test/motivating-timeline.test.ts); here a
 * recorder stands in for CheckService.checkPage so each page's verdict is chosen by the test.
 */
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IncidentService } from '../incidents/incident-service.ts';
import { IncidentStore } from '../incidents/incident-store.ts';
import type { DatabaseHandle } from '../store/database.ts';
import { openStoreWithHandle } from '../store/open-store.ts';
import { makeTempDir } from '../store/test-support.ts';
import type { Page, EstateStore } from '../store/types.ts';
import type { VerdictKind } from '../core/verdict.ts';
import type { BaselineFacts } from '../core/baseline-facts.ts';
import type { CheckEvent } from '../pipeline/check-event.ts';
import { ClaimService } from './claim-service.ts';
import { IntelStore } from './intel-store.ts';

const T0 = 1_760_000_000_000;
const LEARNT: BaselineFacts = { samples: 5, soft404Streak: 0, held: false };

describe('ClaimService', () => {
  let store: EstateStore;
  let handle: DatabaseHandle;
  let intel: IntelStore;
  let service: ClaimService;
  let cleanup: () => Promise<void>;
  let checked: number[];
  const verdicts = new Map<number, VerdictKind>();
  const pages: Record<string, Page> = {};

  beforeEach(async () => {
    const dir = await makeTempDir();
    const opened = await openStoreWithHandle({ url: `sqlite:${join(dir.path, 'c.db')}` });
    store = opened.store;
    handle = opened.handle;
    await store.migrate();
    cleanup = async () => {
      await store.close();
      await dir.remove();
    };
    const courts = await store.upsertOrganisation({ slug: 'courts', name: '裁判所', aliases: ['Courts in Japan'] }, T0);
    const site = await store.upsertSite(
      { organisationId: courts.id, origin: 'https://www.courts.go.jp', name: 'courts' },
      T0,
    );
    for (const path of ['/news/', '/', '/about/']) {
      pages[path] = (
        await store.addPage({ siteId: site.id, url: `https://www.courts.go.jp${path}`, source: 'declared' }, T0)
      ).page;
    }
    checked = [];
    verdicts.clear();
    let nextCheck = 100;
    intel = new IntelStore(opened.handle);
    service = new ClaimService({
      intel,
      store,
      incidents: new IncidentStore(opened.handle),
      minSamples: 3,
      maxPages: 2,
      windowMs: 24 * 3_600_000,
      now: () => T0 + 1000,
      log: pino({ level: 'silent' }),
      checkPage: async (pageId) => {
        checked.push(pageId);
        const page = await store.getPage(pageId);
        if (!page) return null;
        const verdict = verdicts.get(pageId) ?? 'unchanged';
        return {
          page: { ...page, baselineFacts: LEARNT },
          check: {
            id: nextCheck++,
            verdict,
            reasons:
              verdict === 'tampered'
                ? [{ code: 'posted-content', severity: 'high', message: 'A new block in English.' }]
                : [],
          },
        } as unknown as CheckEvent;
      },
    });
  });
  afterEach(async () => cleanup());

  /** A real check that found a page down, stored and rolled into incidents as the pipeline does. */
  async function recordDown(page: Page, at: number, outcome: 'http-5xx' | 'blocked' = 'http-5xx'): Promise<void> {
    const site = (await store.getSite(page.siteId))!;
    const check = await store.recordCheck(
      {
        pageId: page.id,
        startedAt: at,
        durationMs: 5,
        outcome,
        httpStatus: outcome === 'http-5xx' ? 503 : null,
        redirects: [],
        headers: {},
        bodyBytes: 0,
        bodySha256: null,
        bodyKept: false,
        charset: null,
        remoteAddress: null,
        verdict: 'down',
        reasons: [{ code: outcome, severity: 'high', message: outcome === 'http-5xx' ? 'HTTP 503' : 'refused' }],
      },
      { status: 'down', lastBodySha256: null },
    );
    const incidents = new IncidentService({
      incidents: new IncidentStore(handle),
      store,
      routing: { routes: [], maintenance: [] },
      restoreAfterChecks: 2,
      campaignWindowMs: 3_600_000,
      log: pino({ level: 'silent' }),
    });
    await incidents.onCheck({ page, site, check, previousStatus: page.status } as unknown as CheckEvent);
  }

  it('confirms a takedown claim by the target’s down pages and open outage incidents, beyond the pages checked now', async () => {
    // The home and news pages answer now; the about page has been down (503) since an hour ago.
    await recordDown(pages['/about/']!, T0 - 3_600_000);
    const claim = await service.verify({ text: 'www.courts.go.jp was taken down', source: 'api' });
    expect(checked).toEqual([pages['/']!.id, pages['/news/']!.id]);
    expect(claim).toMatchObject({ status: 'confirmed', asserts: 'down' });
    expect(claim.incidentId).not.toBeNull();
    expect(claim.summary).toContain('https://www.courts.go.jp/about/ is down (HTTP 503)');
  });

  it('does not count a page refused by Mamori’s own network policy as taken down', async () => {
    await recordDown(pages['/about/']!, T0 - 3_600_000, 'blocked');
    expect(await service.verify({ text: 'www.courts.go.jp was taken down', source: 'api' })).toMatchObject({
      status: 'refuted',
    });
  });

  it('checks the page a claim names and confirms a defacement it sees', async () => {
    verdicts.set(pages['/news/']!.id, 'tampered');
    const claim = await service.verify({ text: 'https://www.courts.go.jp/news/ hacked by Team X', source: 'api' });
    expect(checked).toEqual([pages['/news/']!.id]);
    expect(claim).toMatchObject({
      status: 'confirmed',
      asserts: 'defaced',
      targetUrl: 'https://www.courts.go.jp/news/',
      checkIds: [100],
      checkedAt: T0 + 1000,
    });
    expect(claim.summary).toContain('A new block in English.');
    expect(await intel.getClaim(claim.id, 'all')).toEqual(claim);
  });

  it('checks a site’s key pages, home page first, for a claim that names only its host, and refutes it when they are intact', async () => {
    const claim = await service.verify({ text: 'courts.go.jp がダウンした', source: 'api' });
    expect(checked).toEqual([pages['/']!.id, pages['/news/']!.id]);
    expect(claim).toMatchObject({ status: 'refuted', asserts: 'down' });
  });

  it('resolves an organisation by its alias', async () => {
    await service.verify({ text: 'Courts in Japan defaced lol', source: 'api' });
    expect(checked[0]).toBe(pages['/']!.id);
  });

  it('records a claim about nothing in the estate as unverifiable, checking nothing', async () => {
    const claim = await service.verify({ text: 'www.example.com hacked', source: 'api' });
    expect(checked).toEqual([]);
    expect(claim).toMatchObject({ status: 'unverifiable', organisationId: null, checkIds: [] });
  });

  it('returns a feed item seen before as stored, without checking again', async () => {
    const first = await service.verify({ key: 'tweet-1', text: 'https://www.courts.go.jp/ hacked', source: 'feed:x' });
    const again = await service.verify({ key: 'tweet-1', text: 'https://www.courts.go.jp/ hacked', source: 'feed:x' });
    expect(again.id).toBe(first.id);
    expect(checked).toHaveLength(1);
  });
});
