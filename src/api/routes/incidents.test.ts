import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboxStore } from '../../alert/outbox-store.ts';
import { AuthStore } from '../../auth/auth-store.ts';
import { IncidentService } from '../../incidents/incident-service.ts';
import { IncidentStore } from '../../incidents/incident-store.ts';
import { openStoreWithHandle } from '../../store/open-store.ts';
import { makeTempDir, type TempDir } from '../../store/test-support.ts';
import type { EstateStore } from '../../store/types.ts';
import type { CheckEvent } from '../../pipeline/check-event.ts';
import { createApi } from '../app.ts';
import { signIn, testAuthDeps, type SignedIn } from '../auth-test-support.ts';
import type { ApiApp } from '../types.ts';
import { failure, ok, openApiDocument } from '../test-client.ts';

const T0 = 1_760_000_000_000;

describe('incident routes', () => {
  let dir: TempDir;
  let store: EstateStore;
  let app: ApiApp;
  let admin: SignedIn;
  let service: IncidentService;

  beforeEach(async () => {
    dir = await makeTempDir();
    const opened = await openStoreWithHandle({ url: `sqlite:${join(dir.path, 'a.db')}` });
    store = opened.store;
    await store.migrate();
    const incidents = new IncidentStore(opened.handle);
    const outbox = new OutboxStore(opened.handle);
    service = new IncidentService({
      incidents,
      store,
      routing: { routes: [{ organisations: [], minSeverity: 'low', channels: ['hook'] }], maintenance: [] },
      restoreAfterChecks: 2,
      campaignWindowMs: 3_600_000,
      log: pino({ level: 'silent' }),
    });
    app = createApi({
      store,
      version: 't',
      now: () => T0 + 5000,
      log: { error: () => undefined } as never,
      incidents: { store: incidents, service, outbox },
      auth: testAuthDeps(opened.handle),
    });
    admin = await signIn(app, new AuthStore(opened.handle), { username: 'aoki' });
    const org = await store.upsertOrganisation({ slug: 'moj', name: '法務省' }, T0);
    const site = await store.upsertSite(
      { organisationId: org.id, origin: 'https://www.moj.example.go.jp', name: '法務省' },
      T0,
    );
    const { page } = await store.addPage(
      { siteId: site.id, url: 'https://www.moj.example.go.jp/news/', source: 'declared' },
      T0,
    );
    const reasons = [
      {
        code: 'defacer-headline',
        message: 'Hacked by Ghost',
        severity: 'high' as const,
        evidence: { snippet: 'Hacked by Ghost' },
      },
    ];
    const check = await store.recordCheck(
      {
        pageId: page.id,
        startedAt: T0,
        durationMs: 1,
        outcome: 'ok',
        httpStatus: 200,
        redirects: [],
        headers: {},
        bodyBytes: 1,
        bodySha256: null,
        bodyKept: false,
        charset: null,
        remoteAddress: null,
        verdict: 'tampered',
        reasons,
      },
      { status: 'tampered', lastBodySha256: null },
    );
    await service.onCheck({ page, site, check, previousStatus: 'unchanged' } as unknown as CheckEvent);
  });
  afterEach(async () => {
    await store.close();
    await dir.remove();
  });

  // No body at all is fine (no actor, no note).
  const post = (path: string, body?: unknown) =>
    admin.request(path, {
      method: 'POST',
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
  const firstSiteIncident = async () => (await ok(admin.api.incidents.$get({ query: { scope: 'site' } }))).items[0]!;

  it('lists incidents with filters and a keyset cursor', async () => {
    const all = await ok(admin.api.incidents.$get({ query: { state: 'active' } }));
    expect(all.items.map((i) => i.scope)).toEqual(['page', 'site']);
    const first = await ok(admin.api.incidents.$get({ query: { limit: 1 } }));
    expect(first.nextBefore).toBe(first.items[0]!.id);
    const rest = await ok(admin.api.incidents.$get({ query: { limit: 1, before: first.nextBefore! } }));
    expect(rest.items.map((i) => i.scope)).toEqual(['site']);
    expect((await admin.request('/api/incidents?state=sleeping')).status).toBe(400);
  });

  it('shows a site incident with its timeline, pages and notifications', async () => {
    const site = await firstSiteIncident();
    const res = await admin.api.incidents[':id'].$get({ param: { id: site.id } });
    expect(res.status).toBe(200);
    const body = await ok(res);
    expect(body.incident.severity).toBe('critical');
    expect(body.timeline.map((e) => e.type)).toEqual(['opened']);
    expect(body.pages).toHaveLength(1);
    expect(body.notifications).toEqual([
      expect.objectContaining({ channel: 'hook', event: 'incident.opened', state: 'pending' }),
    ]);
    expect((await admin.request('/api/incidents/999')).status).toBe(404);
    const listed = await ok(admin.api.notifications.$get({ query: { state: 'pending' } }));
    expect(listed.items).toHaveLength(1);
  });

  it('acknowledges, refuses an impossible action with 409, and validates the body', async () => {
    const site = await firstSiteIncident();
    const ack = await admin.api.incidents[':id'].acknowledge.$post({
      param: { id: site.id },
      json: { actor: 'someone-else', note: '確認中' },
    });
    expect(ack.status).toBe(200);
    const body = await ok(ack);
    expect(body.incident).toMatchObject({ state: 'acknowledged', acknowledgedAt: T0 + 5000 });
    // The signed-in user is recorded, not the body's actor.
    expect(body.timeline.at(-1)).toMatchObject({ type: 'acknowledged', actor: 'aoki' });
    const again = await admin.api.incidents[':id'].acknowledge.$post({ param: { id: site.id }, json: {} });
    expect(again.status).toBe(409);
    expect((await failure(again)).message).toMatch(/only an open incident/);
    expect((await post(`/api/incidents/${site.id}/resolve`, { actor: 'x'.repeat(101) })).status).toBe(400);
    expect(
      (
        await admin.request(`/api/incidents/${site.id}/resolve`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{nope',
        })
      ).status,
    ).toBe(400);
    expect((await post('/api/incidents/999/resolve')).status).toBe(404);
  });

  it('marks a false positive, then approves the relearn', async () => {
    const site = await firstSiteIncident();
    expect((await post(`/api/incidents/${site.id}/false-positive`, { actor: 'aoki' })).status).toBe(200);
    const page = (await ok(admin.api.incidents.$get({ query: { scope: 'page' } }))).items[0]!;
    expect(page.relearn).toBe('pending');
    expect((await post(`/api/incidents/${page.id}/approve-relearn`, { actor: 'sato' })).status).toBe(200);
    expect((await post(`/api/incidents/${page.id}/approve-relearn`)).status).toBe(409);
    const doc = await openApiDocument(admin.request('/openapi.json'));
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/incidents',
        '/api/incidents/{id}',
        '/api/incidents/{id}/false-positive',
        '/api/campaigns',
        '/api/campaigns/{id}',
        '/api/notifications',
      ]),
    );
    const docs = await admin.request('/docs');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('/api/incidents/{id}/approve-relearn');
    expect(await ok(admin.api.campaigns.$get({ query: {} }))).toEqual({ items: [] });
    expect((await admin.request('/api/campaigns/1')).status).toBe(404);
  });
});
