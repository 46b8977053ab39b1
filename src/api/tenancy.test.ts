/**
 * Tenancy over every route: a member (and an investigator) of organisation B walks every registered
 * /api/ route with path parameters and filters set to organisation A's ids, and must never get A's
 * data back: 404, an empty list, a refusal, or B's own data only. The same walk as an admin must see
 * A's data, so the check is not vacuous.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckEvent } from '../pipeline/check-event.ts';
import { FIXTURE_NOW, openApiFixture, type ApiFixture } from './api-test-fixture.ts';
import { signIn, type SignedIn } from './auth-test-support.ts';
import { ok } from './test-client.ts';

const MARKER = 'alpha-marker';

interface OrgData {
  org: number;
  site: number;
  page: number;
  check: number;
  incidents: number[];
  finding: number;
}

async function seedOrganisation(fx: ApiFixture, slug: string, host: string, at: number): Promise<OrgData> {
  const org = await fx.store.upsertOrganisation({ slug, name: `${slug} ministry` }, at);
  const site = await fx.store.upsertSite(
    { organisationId: org.id, origin: `https://${host}`, name: `${host} site` },
    at,
  );
  const { page } = await fx.store.addPage({ siteId: site.id, url: `https://${host}/news/`, source: 'declared' }, at);
  const reasons = [
    {
      code: 'defacer-headline',
      message: 'Hacked by Ghost',
      severity: 'high' as const,
      evidence: { snippet: 'Hacked by Ghost' },
    },
  ];
  const check = await fx.store.recordCheck(
    {
      pageId: page.id,
      startedAt: at,
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
  const [finding] = await fx.store.recordSiteFindings(site.id, [{ url: `https://${host}/hacked.html`, reasons }], at);
  const incidents = (await fx.incidents.list({ organisationId: org.id, limit: 10 })).map((i) => i.id);
  return { org: org.id, site: site.id, page: page.id, check: check.id, incidents, finding: finding!.id };
}

/** Fields that name another resource, and A's value for each. */
function foreignRefs(a: OrgData): Record<string, number[]> {
  return {
    organisationId: [a.org],
    siteId: [a.site],
    pageId: [a.page],
    incidentId: a.incidents,
    checkId: [a.check],
    firstCheckId: [a.check],
    lastCheckId: [a.check],
  };
}

function leaks(value: unknown, refs: Record<string, number[]>, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaks(v, refs, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) =>
    typeof v === 'number' && refs[k]?.includes(v) ? [`${path}.${k}=${v}`] : leaks(v, refs, `${path}.${k}`),
  );
}

describe('tenancy on every route', () => {
  let fx: ApiFixture;
  let a: OrgData;
  let member: SignedIn;
  let investigator: SignedIn;
  let admin: SignedIn;

  beforeAll(async () => {
    fx = await openApiFixture();
    a = await seedOrganisation(fx, 'alpha', `www.${MARKER}.example.go.jp`, FIXTURE_NOW - 60_000);
    const b = await seedOrganisation(fx, 'bravo', 'www.bravo.example.go.jp', FIXTURE_NOW - 30_000);
    member = await signIn(fx.app, fx.auth, { role: 'member', organisationIds: [b.org] });
    investigator = await signIn(fx.app, fx.auth, { role: 'investigator', organisationIds: [b.org] });
    admin = await signIn(fx.app, fx.auth, { role: 'admin' });
  });
  afterAll(async () => fx.close());

  /** Each route once, its path parameter filled with A's id of that resource, and with A-pointing filters. */
  function requests(): { route: string; method: string; url: string }[] {
    const idFor: Record<string, number> = {
      organisations: a.org,
      sites: a.site,
      pages: a.page,
      checks: a.check,
      incidents: a.incidents[0]!,
      campaigns: 0,
      findings: a.finding,
    };
    const seen = new Set<string>();
    const out: { route: string; method: string; url: string }[] = [];
    for (const r of fx.app.routes) {
      const route = `${r.method} ${r.path}`;
      if (r.method === 'ALL' || !r.path.startsWith('/api/') || seen.has(route) || route === 'POST /api/auth/logout')
        continue;
      seen.add(route);
      const collection = r.path.split('/')[2]!;
      const path = r.path.replace(/:\w+/g, () => String(idFor[collection] ?? 1));
      const filters = [
        `organisationId=${a.org}`,
        `siteId=${a.site}`,
        `pageId=${a.page}`,
        `incidentId=${a.incidents[0]}`,
        `from=${FIXTURE_NOW - 3_600_000}`,
      ];
      out.push({ route, method: r.method, url: path });
      if (r.method === 'GET') for (const f of filters) out.push({ route, method: r.method, url: `${path}?${f}` });
    }
    return out;
  }

  async function walk(who: SignedIn): Promise<{ leaked: string[]; statuses: Set<number> }> {
    const leaked: string[] = [];
    const statuses = new Set<number>();
    const campaign = (await fx.incidents.list({ organisationId: a.org, scope: 'site', limit: 1 }))[0]?.campaignId;
    for (const req of requests()) {
      const url = req.url.replace('/api/campaigns/0', `/api/campaigns/${campaign ?? 1}`);
      const res = await who.request(url, { method: req.method, ...(req.method === 'GET' ? {} : { json: {} }) });
      statuses.add(res.status);
      const text = await res.text();
      if (res.status >= 500) leaked.push(`${req.method} ${url} → ${res.status}`);
      if (res.status !== 200 && res.status !== 201) continue;
      const found = text.includes(MARKER) ? [`marker`] : [];
      try {
        found.push(...leaks(JSON.parse(text), foreignRefs(a)));
      } catch {
        // Not JSON (none of the /api/ routes today): the marker check above still applies.
      }
      if (found.length > 0) leaked.push(`${req.method} ${url}: ${found.slice(0, 3).join(', ')}`);
    }
    return { leaked, statuses };
  }

  it('never shows organisation A to a member of organisation B', async () => {
    const { leaked, statuses } = await walk(member);
    expect(leaked).toEqual([]);
    expect(statuses.has(404)).toBe(true);
  });

  it('never shows organisation A to an investigator of organisation B', async () => {
    expect((await walk(investigator)).leaked).toEqual([]);
  });

  it('shows organisation A to an admin on the same walk (the walk can find a leak)', async () => {
    const { leaked } = await walk(admin);
    expect(leaked.length).toBeGreaterThan(10);
  });

  it('walks the CSIRT-wide channel settings too, and keeps them from organisation accounts', async () => {
    const walked = new Set(requests().map((r) => r.route));
    expect(walked).toContain('GET /api/channels');
    expect(walked).toContain('POST /api/channels/:name/test');
    for (const who of [member, investigator]) {
      expect((await who.request('/api/channels')).status).toBe(404);
      expect((await who.request('/api/channels/hook/test', { method: 'POST' })).status).toBe(403);
    }
    expect((await fx.outbox.list({ limit: 100 })).filter((n) => n.message.event === 'mamori.test')).toEqual([]);
    expect((await admin.request('/api/channels')).status).toBe(200);
  });

  it('counts and lists per scope', async () => {
    const summary = await ok(member.api.summary.$get({ query: {} }));
    expect(summary.total).toBe(1);
    expect((await ok(admin.api.summary.$get({ query: {} }))).total).toBe(2);
    const pages = await ok(member.api.pages.$get({ query: {} }));
    expect(pages.items.map((p) => p.url)).toEqual(['https://www.bravo.example.go.jp/news/']);
    expect((await member.request(`/api/pages/${a.page}`)).status).toBe(404);
    expect((await member.request(`/api/incidents/${a.incidents[0]}/acknowledge`, { method: 'POST' })).status).toBe(404);
  });

  it('shows a campaign across organisations with only the caller’s incidents', async () => {
    const campaignId = (await fx.incidents.list({ organisationId: a.org, scope: 'site', limit: 1 }))[0]!.campaignId;
    expect(campaignId).not.toBeNull();
    const asMember = await ok(member.api.campaigns[':id'].$get({ param: { id: campaignId } }));
    const asAdmin = await ok(admin.api.campaigns[':id'].$get({ param: { id: campaignId } }));
    expect(new Set(asAdmin.incidents.map((i) => i.organisationId)).size).toBe(2);
    expect(asMember.incidents.length).toBeGreaterThan(0);
    expect(asMember.incidents.every((i) => i.organisationId !== a.org)).toBe(true);
  });
});
