import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckEvent } from '../../pipeline/check-event.ts';
import { TargetControl } from '../../estate/target-control.ts';
import { FIXTURE_NOW, openApiFixture, type ApiFixture } from '../api-test-fixture.ts';
import { ok } from '../test-client.ts';
import { signIn, type SignedIn } from '../auth-test-support.ts';

interface Seeded {
  org: number;
  page: number;
  url: string;
}

async function seed(fx: ApiFixture, slug: string, host: string): Promise<Seeded> {
  const org = await fx.store.upsertOrganisation({ slug, name: `${slug} office` }, FIXTURE_NOW);
  const site = await fx.store.upsertSite(
    { organisationId: org.id, origin: `https://${host}`, name: host },
    FIXTURE_NOW,
  );
  const { page } = await fx.store.addPage(
    { siteId: site.id, url: `https://${host}/notices/`, source: 'declared' },
    FIXTURE_NOW,
  );
  return { org: org.id, page: page.id, url: page.url };
}

/** A stored check that opens a page incident through the incident service, as a real check would. */
async function openIncident(fx: ApiFixture, pageId: number): Promise<void> {
  const page = (await fx.store.getPage(pageId))!;
  const site = (await fx.store.getSite(page.siteId))!;
  const reasons = [
    {
      code: 'defacer-headline',
      message: 'a defacement headline',
      severity: 'high' as const,
      evidence: { snippet: 'x' },
    },
  ];
  const check = await fx.store.recordCheck(
    {
      pageId,
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
      reasons,
    },
    { status: 'tampered', lastBodySha256: null },
  );
  await fx.service.onCheck({ page, site, check, previousStatus: 'unchanged' } as unknown as CheckEvent);
}

describe('pause, resume and remove targets', () => {
  let fx: ApiFixture;
  let control: TargetControl;
  let admin: SignedIn;
  let alpha: Seeded;
  let bravo: Seeded;
  beforeEach(async () => {
    fx = await openApiFixture();
    control = new TargetControl(fx.handle);
    admin = await signIn(fx.app, fx.auth, { username: 'root', role: 'admin' });
    alpha = await seed(fx, 'alpha', 'www.alpha.example.go.jp');
    bravo = await seed(fx, 'bravo', 'www.bravo.example.go.jp');
  });
  afterEach(async () => fx.close());

  it('pauses and resumes a page for an admin, keeps the first pause, and audits both', async () => {
    const res = await admin.api.targets[':id'].pause.$post({ param: { id: alpha.page } });
    expect(res.status).toBe(200);
    const body = await ok(res);
    expect(body).toMatchObject({ paused: true, pausedAt: FIXTURE_NOW, pausedBy: 'root', page: { id: alpha.page } });
    expect(await control.pausedIds()).toEqual(new Set([alpha.page]));
    expect((await admin.request(`/api/targets/${alpha.page}/pause`, { method: 'POST' })).status).toBe(200);
    expect((await control.pauseOf(alpha.page))?.pausedBy).toBe('root');
    const resumed = await admin.request(`/api/targets/${alpha.page}/resume`, { method: 'POST' });
    expect(resumed.status).toBe(200);
    expect(await resumed.json()).toMatchObject({ paused: false });
    expect(await control.pausedIds()).toEqual(new Set());
    const audit = await fx.audit.list({ limit: 10 });
    const rows = audit
      .filter((a) => a.target === `pages:${alpha.page}`)
      .map((a) => `${a.method} ${a.path} ${a.status}`);
    expect(rows).toEqual(
      expect.arrayContaining([
        `POST /api/targets/${alpha.page}/pause 200`,
        `POST /api/targets/${alpha.page}/resume 200`,
      ]),
    );
  });

  it('lets a member act on their own organisation’s page and answers 404 for another organisation’s', async () => {
    const member = await signIn(fx.app, fx.auth, { role: 'member', organisationIds: [bravo.org] });
    for (const [method, path] of [
      ['POST', 'pause'],
      ['POST', 'resume'],
    ] as const) {
      expect((await member.request(`/api/targets/${alpha.page}/${path}`, { method })).status).toBe(404);
    }
    expect((await member.request(`/api/targets/${alpha.page}`, { method: 'DELETE' })).status).toBe(404);
    expect(await control.pausedIds()).toEqual(new Set());
    expect(await fx.store.getPage(alpha.page)).not.toBeNull();
    expect((await member.request(`/api/targets/${bravo.page}/pause`, { method: 'POST' })).status).toBe(200);
    expect(await control.pausedIds()).toEqual(new Set([bravo.page]));
    const investigator = await signIn(fx.app, fx.auth, { role: 'investigator', organisationIds: [bravo.org] });
    expect((await investigator.request(`/api/targets/${bravo.page}/resume`, { method: 'POST' })).status).toBe(403);
  });

  it('removes a page with its checks, and refuses while it has an open incident', async () => {
    await openIncident(fx, alpha.page);
    const refused = await admin.request(`/api/targets/${alpha.page}`, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect(await fx.store.getPage(alpha.page)).not.toBeNull();
    const removed = await admin.request(`/api/targets/${bravo.page}`, { method: 'DELETE' });
    expect(removed.status).toBe(200);
    expect(await removed.json()).toMatchObject({ removed: true, page: { id: bravo.page, url: bravo.url } });
    expect(await fx.store.getPage(bravo.page)).toBeNull();
    expect((await admin.request(`/api/targets/${bravo.page}`, { method: 'DELETE' })).status).toBe(404);
    expect((await admin.request(`/api/targets/${bravo.page}/pause`, { method: 'POST' })).status).toBe(404);
  });
});
