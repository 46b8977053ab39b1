/** Threats and claims on SQLite (a temp file) and a real PostgreSQL (a fresh schema per test). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { onBothDatabases, testEnv, type OpenTestDatabase } from '../store/both-databases.ts';
import { IntelStore } from './intel-store.ts';
import type { NewThreat } from './types.ts';

const T0 = 1_760_000_000_000;
const HOUR = 3_600_000;

const threat = (id: string, orgIds: number[], watchUntil: number): NewThreat => ({
  id,
  title: `threat ${id}`,
  summary: 'we will attack',
  source: 'api',
  sourceUrl: null,
  publishedAt: T0,
  watchUntil,
  keywords: ['#opx'],
  reasons: ['attack language'],
  targets: orgIds.map((organisationId) => ({ organisationId, by: 'name', term: 'x', watchUntil })),
});

function runSuite(name: string, open: OpenTestDatabase): void {
  describe(`intel store: ${name}`, () => {
    let fx: Awaited<ReturnType<typeof open>>;
    let intel: IntelStore;
    let a: number;
    let b: number;
    beforeEach(async () => {
      fx = await open();
      await fx.store.migrate();
      intel = new IntelStore(fx.handle);
      a = (await fx.store.upsertOrganisation({ slug: 'a', name: 'A省' }, T0)).id;
      b = (await fx.store.upsertOrganisation({ slug: 'b', name: 'B協会' }, T0)).id;
    });
    afterEach(async () => fx.cleanup());

    it('stores a threat once and shows it only to readers of an organisation it names', async () => {
      const first = await intel.addThreat(threat('t1', [a], T0 + HOUR), T0);
      const again = await intel.addThreat({ ...threat('t1', [a, b], T0 + 9 * HOUR), title: 'changed' }, T0 + 5);
      expect(first.created).toBe(true);
      expect(again).toMatchObject({ created: false, threat: { title: 'threat t1', targets: [{ organisationId: a }] } });
      expect(await intel.getThreat('t1', [a])).not.toBeNull();
      expect(await intel.getThreat('t1', [b])).toBeNull();
      expect(await intel.listThreats({ scope: [b], limit: 10 })).toEqual([]);
      expect((await intel.listThreats({ scope: 'all', limit: 10 })).map((t) => t.id)).toEqual(['t1']);
    });

    it('lists newest first with a keyset cursor', async () => {
      await intel.addThreat(threat('old', [a], T0 + HOUR), T0);
      await intel.addThreat(threat('new', [a], T0 + HOUR), T0 + 10);
      const page1 = await intel.listThreats({ scope: 'all', limit: 1 });
      expect(page1.map((t) => t.id)).toEqual(['new']);
      expect(
        (await intel.listThreats({ scope: 'all', limit: 1, before: page1[0]?.createdAt ?? 0 })).map((t) => t.id),
      ).toEqual(['old']);
    });

    it('names each organisation on heightened watch with its latest active threat', async () => {
      await intel.addThreat(threat('t1', [a, b], T0 + HOUR), T0);
      await intel.addThreat(threat('t2', [a], T0 + 2 * HOUR), T0 + 1);
      expect((await intel.activeTargets(T0 + 10)).sort((x, y) => x.organisationId - y.organisationId)).toEqual([
        { organisationId: a, threatId: 't2', title: 'threat t2', watchUntil: T0 + 2 * HOUR },
        { organisationId: b, threatId: 't1', title: 'threat t1', watchUntil: T0 + HOUR },
      ]);
      expect(await intel.activeTargets(T0 + HOUR)).toEqual([
        { organisationId: a, threatId: 't2', title: 'threat t2', watchUntil: T0 + 2 * HOUR },
      ]);
      expect(await intel.activeTargets(T0 + 2 * HOUR)).toEqual([]);
    });

    it('records a claim pending, then settled with its checks, and scopes it to its organisation', async () => {
      const claim = await intel.addClaim({
        id: 'c1',
        text: 'A hacked',
        source: 'api',
        sourceUrl: null,
        targetUrl: 'https://a.example/',
        asserts: 'defaced',
        organisationId: a,
        siteId: null,
        threatId: null,
        createdAt: T0,
      });
      expect(claim.status).toBe('pending');
      const settled = await intel.settleClaim('c1', {
        status: 'refuted',
        summary: 'intact',
        incidentId: null,
        checkIds: [3, 4],
        checkedAt: T0 + 5,
        organisationId: a,
        siteId: 9,
      });
      expect(settled).toMatchObject({ status: 'refuted', checkIds: [3, 4], checkedAt: T0 + 5, siteId: 9 });
      expect(await intel.getClaim('c1', [b])).toBeNull();
      expect((await intel.listClaims({ scope: [a], limit: 5, status: 'refuted' })).map((c) => c.id)).toEqual(['c1']);
      expect(await intel.listClaims({ scope: [a], limit: 5, status: 'confirmed' })).toEqual([]);
      expect((await intel.claimsFor([], { from: T0, to: T0 + 1 })).map((c) => c.id)).toEqual(['c1']);
      expect(await intel.claimsFor([], { from: T0 + 1, to: T0 + 2 })).toEqual([]);
      await intel.addThreat(threat('t9', [a], T0 + HOUR), T0);
      await intel.addClaim({
        id: 'c2',
        text: 'A down',
        source: 'api',
        sourceUrl: null,
        targetUrl: null,
        asserts: 'down',
        organisationId: a,
        siteId: null,
        threatId: 't9',
        createdAt: T0 + 50,
      });
      expect((await intel.claimsFor([], { from: T0 + 1, to: T0 + 2 }, ['t9'])).map((c) => c.id)).toEqual(['c2']);
    });
  });
}

await onBothDatabases('intel store', testEnv(process.env), runSuite);
