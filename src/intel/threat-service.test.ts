/** Announcements through the matcher into stored threats and the heightened watch, over a real SQLite store. */
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStoreWithHandle } from '../store/open-store.ts';
import { makeTempDir } from '../store/test-support.ts';
import type { EstateStore } from '../store/types.ts';
import { HeightenedWatch } from './heightened.ts';
import { IntelStore } from './intel-store.ts';
import { ThreatService, threatId } from './threat-service.ts';

const T0 = 1_760_000_000_000;
const HOUR = 3_600_000;

describe('ThreatService and HeightenedWatch', () => {
  let store: EstateStore;
  let cleanup: () => Promise<void>;
  let now = T0;
  let intel: IntelStore;
  let heightened: HeightenedWatch;
  let threats: ThreatService;
  const ids = { moj: 0, riaj: 0, city: 0, mojSite: 0, mojLocal: 0, riajSite: 0, citySite: 0 };

  beforeEach(async () => {
    const dir = await makeTempDir();
    const opened = await openStoreWithHandle({ url: `sqlite:${join(dir.path, 't.db')}` });
    store = opened.store;
    await store.migrate();
    cleanup = async () => {
      await store.close();
      await dir.remove();
    };
    now = T0;
    ids.moj = (
      await store.upsertOrganisation({ slug: 'moj', name: '法務省', aliases: ['Ministry of Justice'] }, T0)
    ).id;
    ids.riaj = (await store.upsertOrganisation({ slug: 'riaj', name: '日本レコード協会', aliases: ['RIAJ'] }, T0)).id;
    ids.city = (await store.upsertOrganisation({ slug: 'city', name: '横浜市', aliases: ['Yokohama City'] }, T0)).id;
    ids.mojSite = (
      await store.upsertSite({ organisationId: ids.moj, origin: 'https://www.moj.go.jp', name: 'moj' }, T0)
    ).id;
    ids.mojLocal = (
      await store.upsertSite({ organisationId: ids.moj, origin: 'https://houmukyoku.moj.go.jp', name: 'local' }, T0)
    ).id;
    ids.riajSite = (
      await store.upsertSite({ organisationId: ids.riaj, origin: 'https://www.riaj.or.jp', name: 'riaj' }, T0)
    ).id;
    ids.citySite = (
      await store.upsertSite({ organisationId: ids.city, origin: 'https://www.city.yokohama.lg.jp', name: 'city' }, T0)
    ).id;
    intel = new IntelStore(opened.handle);
    heightened = new HeightenedWatch({ intel, store, now: () => now });
    threats = new ThreatService({
      intel,
      store,
      now: () => now,
      log: pino({ level: 'silent' }),
      heightenedMs: 2 * HOUR,
      vocabulary: { keywords: ['#OpKokkai'], sectors: {} },
      sectorsBySlug: new Map([
        ['moj', ['government']],
        ['city', ['local-government']],
      ]),
      onThreat: async () => {
        await heightened.refresh();
      },
    });
  });
  afterEach(async () => cleanup());

  it('opens one threat naming the government (sector) and RIAJ (alias), and watches their sites closely', async () => {
    const changes: number[][] = [];
    heightened.onChange((siteIds) => changes.push([...siteIds].sort((a, b) => a - b)));
    const announcement = {
      key: 'post-1',
      title: '#OpKokkai',
      text: 'We will attack the Japanese government and RIAJ over the new law.',
      source: 'feed:board',
    };
    const first = await threats.ingest(announcement);
    expect(first.created).toBe(true);
    expect(first.threat?.id).toBe(threatId(announcement));
    expect(first.threat?.targets.map((t) => [t.organisationId, t.by])).toEqual([
      [ids.moj, 'sector'],
      [ids.riaj, 'alias'],
    ]);
    expect(first.threat?.watchUntil).toBe(T0 + 2 * HOUR);
    expect(changes).toEqual([[ids.mojSite, ids.mojLocal, ids.riajSite].sort((a, b) => a - b)]);
    expect(heightened.isHeightened({ siteId: ids.mojLocal })).toBe(true);
    expect(heightened.isHeightened({ siteId: ids.citySite })).toBe(false);
    expect(heightened.threatOf(ids.riaj)).toEqual({ id: first.threat?.id, title: '#OpKokkai' });

    const again = await threats.ingest(announcement);
    expect(again.created).toBe(false);
    expect(changes).toHaveLength(1);
  });

  it('ends the heightened watch when the window closes', async () => {
    await threats.ingest({ title: 'ddos', text: 'Tango down soon: moj.go.jp', source: 'api' });
    expect(heightened.isHeightened({ siteId: ids.mojSite })).toBe(true);
    now = T0 + 2 * HOUR;
    expect(heightened.isHeightened({ siteId: ids.mojSite })).toBe(false);
    expect((await heightened.refresh()).sort((a, b) => a - b)).toEqual(
      [ids.mojSite, ids.mojLocal].sort((a, b) => a - b),
    );
    expect(heightened.threatOf(ids.moj)).toBeNull();
  });

  it('stores nothing for news that names a target without intent, and says why', async () => {
    const result = await threats.ingest({ title: '法務省が白書を公表', text: '本日公表された。', source: 'api' });
    expect(result).toMatchObject({ threat: null, created: false });
    expect(result.assessment.reasons.at(-1)).toMatch(/no intent/);
    expect(await intel.listThreats({ scope: 'all', limit: 5 })).toEqual([]);
  });
});
