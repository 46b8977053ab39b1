/**
 * Claim verification's target resolution and bookkeeping over a real SQLite store. The checks
 * themselves are the pipeline's (tested end to end in test/motivating-timeline.test.ts); here a
 * recorder stands in for CheckService.checkPage so each page's verdict is chosen by the test.
 */
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IncidentStore } from '../incidents/incident-store.ts';
import { openStoreWithHandle } from '../store/open-store.ts';
import { makeTempDir } from '../store/test-support.ts';
import type { Page, EstateStore } from '../store/types.ts';
import type { VerdictKind } from '../core/verdict.ts';
import type { CheckEvent } from '../pipeline/check-event.ts';
import { ClaimService } from './claim-service.ts';
import { IntelStore } from './intel-store.ts';

const T0 = 1_760_000_000_000;
const LEARNT = { samples: 5 } as Page['baseline'];

describe('ClaimService', () => {
  let store: EstateStore;
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
      now: () => T0 + 1000,
      log: pino({ level: 'silent' }),
      checkPage: async (pageId) => {
        checked.push(pageId);
        const page = await store.getPage(pageId);
        if (!page) return null;
        const verdict = verdicts.get(pageId) ?? 'unchanged';
        return {
          page: { ...page, baseline: LEARNT },
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
