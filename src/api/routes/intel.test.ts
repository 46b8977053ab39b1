import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApiFixture, type ApiFixture, FIXTURE_NOW } from '../api-test-fixture.ts';
import { ok } from '../test-client.ts';
import { signIn, type SignedIn } from '../auth-test-support.ts';

describe('threat and claim routes', () => {
  let fx: ApiFixture;
  let analyst: SignedIn;
  let org: { a: number; b: number };
  beforeEach(async () => {
    fx = await openApiFixture();
    org = {
      a: (await fx.store.upsertOrganisation({ slug: 'riaj', name: '日本レコード協会', aliases: ['RIAJ'] }, FIXTURE_NOW))
        .id,
      b: (await fx.store.upsertOrganisation({ slug: 'city', name: '横浜市' }, FIXTURE_NOW)).id,
    };
    analyst = await signIn(fx.app, fx.auth, { role: 'analyst' });
  });
  afterEach(async () => fx.close());

  it('opens a threat from a posted announcement, once, and lists it', async () => {
    const announcement = { title: '#OpMusic', text: 'We will attack RIAJ tomorrow.', source: 'telegram' };
    const first = await analyst.api.threats.$post({ json: announcement });
    expect(first.status).toBe(201);
    const body = await ok(first);
    if (!body.threat) throw new Error('the announcement opened no threat');
    expect(body.threat.targets).toEqual([expect.objectContaining({ organisationId: org.a, by: 'alias' })]);
    expect(body.threat.heightened).toBe(true);
    expect(body.reasons.join(' ')).toContain('RIAJ');
    const again = await analyst.api.threats.$post({ json: announcement });
    expect(again.status).toBe(200);
    expect((await ok(again)).created).toBe(false);
    const list = await ok(analyst.api.threats.$get({ query: { active: 'true' } }));
    expect(list.items.map((t) => t.id)).toEqual([body.threat.id]);
    expect((await analyst.request(`/api/threats/${body.threat.id}`)).status).toBe(200);
  });

  it('answers 200 with the reasons when an announcement is no threat', async () => {
    const res = await analyst.request('/api/threats', { method: 'POST', json: { text: 'Concert news from RIAJ' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      threat: null,
      created: false,
      reasons: [expect.any(String), expect.stringMatching(/no intent/)],
    });
  });

  it('shows a member the threats naming its organisation only, and lets only CSIRT staff post', async () => {
    const posted = await ok(analyst.api.threats.$post({ json: { text: 'We will attack RIAJ' } }));
    if (!posted.threat) throw new Error('the announcement opened no threat');
    const memberA = await signIn(fx.app, fx.auth, { role: 'member', organisationIds: [org.a] });
    const memberB = await signIn(fx.app, fx.auth, { role: 'member', organisationIds: [org.b] });
    expect((await ok(memberA.api.threats.$get({ query: {} }))).items).toHaveLength(1);
    expect((await ok(memberB.api.threats.$get({ query: {} }))).items).toHaveLength(0);
    expect((await memberB.request(`/api/threats/${posted.threat.id}`)).status).toBe(404);
    expect(
      (await memberA.request('/api/threats', { method: 'POST', json: { text: 'We will attack RIAJ again' } })).status,
    ).toBe(403);
    expect((await memberA.request('/api/claims', { method: 'POST', json: { text: 'RIAJ hacked' } })).status).toBe(403);
  });

  it('records a claim about nothing watched as unverifiable, and rejects a claim without text', async () => {
    const res = await analyst.api.claims.$post({ json: { text: 'www.example.com was hacked' } });
    expect(res.status).toBe(201);
    const claim = await ok(res);
    expect(claim).toMatchObject({ status: 'unverifiable', summary: 'The claim names nothing Mamori watches.' });
    expect((await ok(analyst.api.claims.$get({ query: { status: 'unverifiable' } }))).items.map((c) => c.id)).toEqual([
      claim.id,
    ]);
    expect((await analyst.request(`/api/claims/${claim.id}`)).status).toBe(200);
    expect((await analyst.request('/api/claims', { method: 'POST', json: { text: '' } })).status).toBe(400);
  });
});
