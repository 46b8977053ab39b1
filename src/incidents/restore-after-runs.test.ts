/**
 * Restoration is confirmed by healthy checks in a row, counted per check as the incident service sees
 * them: identical unchanged checks that the store counts in one run-length row (migration 0023) still
 * each count, and each event names the row that records it.
 */
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckEvent } from '../pipeline/check-event.ts';
import { openStoreWithHandle } from '../store/open-store.ts';
import { newCheck } from '../store/estate-fixtures.ts';
import { makeTempDir, type TempDir } from '../store/test-support.ts';
import type { EstateStore, NewCheck, Page, PageUpdate, Site } from '../store/types.ts';
import { IncidentService } from './incident-service.ts';
import { IncidentStore } from './incident-store.ts';

const T0 = Date.UTC(2026, 11, 7, 9, 0, 0);
const SHA = 'a'.repeat(64);

describe('restoration over run-length check rows', () => {
  let dir: TempDir;
  let store: EstateStore;
  let incidents: IncidentStore;
  let service: IncidentService;
  let page: Page;
  let site: Site;

  beforeEach(async () => {
    dir = await makeTempDir();
    const opened = await openStoreWithHandle({ url: `sqlite:${join(dir.path, 'a.db')}` });
    store = opened.store;
    await store.migrate();
    incidents = new IncidentStore(opened.handle);
    service = new IncidentService({
      incidents,
      store,
      routing: { routes: [], maintenance: [] },
      restoreAfterChecks: 3,
      campaignWindowMs: 3_600_000,
      log: pino({ level: 'silent' }),
    });
    const org = await store.upsertOrganisation({ slug: 'moj', name: '法務省' }, T0);
    site = await store.upsertSite({ organisationId: org.id, origin: 'https://www.moj.example.go.jp', name: 'MoJ' }, T0);
    page = (await store.addPage({ siteId: site.id, url: 'https://www.moj.example.go.jp/', source: 'declared' }, T0))
      .page;
  });
  afterEach(async () => {
    await store.close();
    await dir.remove();
  });

  const check = async (at: number, verdict: 'tampered' | 'unchanged', previousStatus: string) => {
    const input: NewCheck = newCheck(page.id, {
      startedAt: at,
      durationMs: 5,
      bodySha256: verdict === 'tampered' ? 'b'.repeat(64) : SHA,
      bodyKept: true,
      verdict,
      reasons:
        verdict === 'tampered' ? [{ code: 'defacer-headline', severity: 'high', message: 'Hacked by Ghost' }] : [],
    });
    const update: PageUpdate = { status: verdict, lastBodySha256: input.bodySha256 };
    const stored = await store.recordCheck(input, update);
    await service.onCheck({ page, site, check: stored, previousStatus } as unknown as CheckEvent);
    return stored;
  };

  it('restores after three identical healthy checks recorded in one row', async () => {
    await check(T0, 'tampered', 'unchanged');
    const [open] = await incidents.list({ scope: 'page', limit: 5 });
    expect(open?.state).toBe('open');
    const healthy = [
      await check(T0 + 60_000, 'unchanged', 'tampered'),
      await check(T0 + 120_000, 'unchanged', 'unchanged'),
    ];
    expect(healthy[1]!.id).toBe(healthy[0]!.id);
    expect((await incidents.get(open!.id))?.state).toBe('open');
    const third = await check(T0 + 180_000, 'unchanged', 'unchanged');
    expect(third).toMatchObject({ id: healthy[0]!.id, seenCount: 3 });
    expect(await incidents.get(open!.id)).toMatchObject({ state: 'resolved', resolution: 'restored' });
    const restored = (await incidents.events(open!.id)).find((e) => e.type === 'restored');
    expect(restored).toMatchObject({ checkId: third.id, at: T0 + 180_000 });
  });
});
