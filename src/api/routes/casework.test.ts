import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckEvent } from '../../pipeline/check-event.ts';
import { FIXTURE_NOW, openApiFixture, type ApiFixture } from '../api-test-fixture.ts';
import { signIn, type SignedIn } from '../auth-test-support.ts';
import { failure, ok } from '../test-client.ts';

/** One organisation with a tampered page: a page incident (high) under a site incident (critical). */
async function seed(fx: ApiFixture, slug: string, host: string) {
  const org = await fx.store.upsertOrganisation({ slug, name: `${slug} ministry` }, FIXTURE_NOW);
  const site = await fx.store.upsertSite(
    { organisationId: org.id, origin: `https://${host}`, name: host },
    FIXTURE_NOW,
  );
  const { page } = await fx.store.addPage(
    { siteId: site.id, url: `https://${host}/news/`, source: 'declared' },
    FIXTURE_NOW,
  );
  const check = await fx.store.recordCheck(
    {
      pageId: page.id,
      startedAt: FIXTURE_NOW,
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
      reasons: [{ code: 'defacer-headline', message: 'Hacked', severity: 'high', evidence: { snippet: 'Hacked' } }],
    },
    { status: 'tampered', lastBodySha256: null },
  );
  await fx.service.onCheck({ page, site, check, previousStatus: 'unchanged' } as unknown as CheckEvent);
  const incidents = await fx.incidents.list({ organisationId: org.id, limit: 10 });
  return {
    org: org.id,
    site: incidents.find((i) => i.scope === 'site')!,
    page: incidents.find((i) => i.scope === 'page')!,
  };
}

describe('case work routes', () => {
  let fx: ApiFixture;
  let admin: SignedIn;
  let a: Awaited<ReturnType<typeof seed>>;
  let b: Awaited<ReturnType<typeof seed>>;
  beforeEach(async () => {
    fx = await openApiFixture();
    admin = await signIn(fx.app, fx.auth, { username: 'aoki', role: 'admin' });
    a = await seed(fx, 'moj', 'www.moj.example.go.jp');
    b = await seed(fx, 'mof', 'www.mof.example.go.jp');
  });
  afterEach(async () => fx.close());

  it('adds notes with the signed-in author and time, oldest first, and audits them', async () => {
    const id = a.site.id;
    const posted = await admin.api.incidents[':id'].notes.$post({
      param: { id },
      json: { body: '  改ざん箇所を確認  ' },
    });
    expect(posted.status).toBe(201);
    const note = await ok(posted);
    expect(note).toMatchObject({ incidentId: id, body: '改ざん箇所を確認', author: 'aoki', createdAt: FIXTURE_NOW });
    await ok(admin.api.incidents[':id'].notes.$post({ param: { id }, json: { body: 'second' } }));
    const kase = await ok(admin.api.incidents[':id'].case.$get({ param: { id } }));
    expect(kase.notes.map((n) => n.body)).toEqual(['改ざん箇所を確認', 'second']);
    expect(kase.assignee).toBeNull();
    // Another incident's case is its own.
    expect((await ok(admin.api.incidents[':id'].case.$get({ param: { id: a.page.id } }))).notes).toEqual([]);
    const audit = await ok(admin.api.audit.$get({ query: {} }));
    expect(audit.items.filter((e) => e.path === `/api/incidents/${id}/notes`)).toEqual([
      expect.objectContaining({ actorUsername: 'aoki', status: 201, target: `incidents:${id}` }),
      expect.objectContaining({ actorUsername: 'aoki', status: 201, detail: { noteId: note.id } }),
    ]);
  });

  it('refuses empty notes, unknown incidents, and investigators', async () => {
    const empty = await admin.request(`/api/incidents/${a.site.id}/notes`, { method: 'POST', json: { body: '   ' } });
    expect(empty.status).toBe(400);
    const none = await admin.request('/api/incidents/9999/notes', { method: 'POST', json: { body: 'x' } });
    expect(none.status).toBe(404);
    const investigator = await signIn(fx.app, fx.auth, { username: 'ken', role: 'investigator' });
    const refused = await investigator.request(`/api/incidents/${a.site.id}/notes`, {
      method: 'POST',
      json: { body: 'x' },
    });
    expect(refused.status).toBe(403);
  });

  it('assigns, reassigns and clears the assignee, recording who assigned', async () => {
    const id = a.page.id;
    const set = await ok(admin.api.incidents[':id'].assignee.$put({ param: { id }, json: { assignee: 'sato' } }));
    expect(set.assignee).toEqual({ assignee: 'sato', assignedBy: 'aoki', assignedAt: FIXTURE_NOW });
    await ok(admin.api.incidents[':id'].assignee.$put({ param: { id }, json: { assignee: 'suzuki' } }));
    expect((await ok(admin.api.incidents[':id'].case.$get({ param: { id } }))).assignee?.assignee).toBe('suzuki');
    const cleared = await ok(admin.api.incidents[':id'].assignee.$put({ param: { id }, json: { assignee: null } }));
    expect(cleared.assignee).toBeNull();
    expect((await ok(admin.api.incidents[':id'].case.$get({ param: { id } }))).assignee).toBeNull();
    const bad = await admin.request(`/api/incidents/${id}/assignee`, { method: 'PUT', json: {} });
    expect(bad.status).toBe(400);
  });

  it('keeps another organisation’s case out of a member’s reach', async () => {
    const member = await signIn(fx.app, fx.auth, { username: 'mika', role: 'member', organisationIds: [b.org] });
    const read = await member.api.incidents[':id'].case.$get({ param: { id: a.site.id } });
    expect(read.status).toBe(404);
    expect((await failure(read)).error).toBe('not_found');
    const write = await member.request(`/api/incidents/${a.site.id}/notes`, { method: 'POST', json: { body: 'x' } });
    expect(write.status).toBe(404);
    const own = await member.request(`/api/incidents/${b.site.id}/notes`, { method: 'POST', json: { body: 'ours' } });
    expect(own.status).toBe(201);
  });

  it('filters the incident list by organisation, severity, kind and state', async () => {
    const ids = async (query: Record<string, string>) =>
      (await ok(admin.api.incidents.$get({ query }))).items.map((i) => i.id).sort((x, y) => x - y);
    expect(await ids({ organisationId: String(a.org) })).toEqual([a.site.id, a.page.id].sort((x, y) => x - y));
    // The page incident is as severe as its reason; its site incident may be escalated above it.
    for (const severity of ['high', 'critical'] as const) {
      const expected = [a.site, a.page, b.site, b.page].filter((i) => i.severity === severity).map((i) => i.id);
      expect(await ids({ severity })).toEqual(expected.sort((x, y) => x - y));
    }
    expect(await ids({ severity: a.page.severity, organisationId: String(b.org) })).toEqual(
      [b.site, b.page]
        .filter((i) => i.severity === a.page.severity)
        .map((i) => i.id)
        .sort((x, y) => x - y),
    );
    expect(await ids({ severity: 'low' })).toEqual([]);
    expect(await ids({ kind: 'tampered', scope: 'page' })).toEqual([a.page.id, b.page.id].sort((x, y) => x - y));
    expect(await ids({ kind: 'down' })).toEqual([]);
    await admin.request(`/api/incidents/${a.site.id}/acknowledge`, { method: 'POST' });
    expect(await ids({ state: 'acknowledged' })).toEqual(expect.arrayContaining([a.site.id]));
    expect(await ids({ state: 'open', organisationId: String(b.org) })).toEqual(
      [b.site.id, b.page.id].sort((x, y) => x - y),
    );
    expect((await admin.request('/api/incidents?severity=dire')).status).toBe(400);
  });
});
