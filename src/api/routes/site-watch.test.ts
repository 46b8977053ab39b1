import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SiteWatchStore } from '../../site-watch/site-watch-store.ts';
import { openApiFixture, type ApiFixture, FIXTURE_NOW } from '../api-test-fixture.ts';
import { signIn } from '../auth-test-support.ts';

describe('site watch routes', () => {
  let fx: ApiFixture;
  let sites: { a: number; b: number };
  let orgs: { a: number; b: number };
  beforeEach(async () => {
    fx = await openApiFixture();
    orgs = {
      a: (await fx.store.upsertOrganisation({ slug: 'a', name: 'A' }, FIXTURE_NOW)).id,
      b: (await fx.store.upsertOrganisation({ slug: 'b', name: 'B' }, FIXTURE_NOW)).id,
    };
    const site = (organisationId: number, origin: string) =>
      fx.store.upsertSite({ organisationId, origin, name: origin }, FIXTURE_NOW).then((s) => s.id);
    sites = {
      a: await site(orgs.a, 'https://www.a.example.go.jp'),
      b: await site(orgs.b, 'https://www.b.example.go.jp'),
    };
    const watches = new SiteWatchStore(fx.handle);
    const look = {
      siteId: sites.a,
      watch: 'dns' as const,
      subject: 'www.a.example.go.jp',
      error: null,
      incidentId: null,
    };
    await watches.addLook({
      ...look,
      at: FIXTURE_NOW,
      outcome: 'ok',
      snapshot: { ns: ['ns1.host.net'] },
      findings: [],
    });
    await watches.addLook({
      ...look,
      at: FIXTURE_NOW + 1000,
      outcome: 'findings',
      snapshot: { ns: ['ns1.elsewhere.example'] },
      findings: [
        {
          code: 'dns-ns-changed',
          severity: 'high',
          incident: 'tampered',
          message: 'moved',
          evidence: { snippet: 'a → b' },
        },
      ],
    });
  });
  afterEach(async () => fx.close());

  it('lists a site’s DNS history newest first, and the latest look of every watch', async () => {
    const analyst = await signIn(fx.app, fx.auth, { role: 'analyst' });
    const res = await analyst.request(`/api/sites/${sites.a}/watch/dns`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { outcome: string; findings: { code: string }[] }[] };
    expect(body.items.map((l) => l.outcome)).toEqual(['findings', 'ok']);
    expect(body.items[0]!.findings[0]!.code).toBe('dns-ns-changed');
    const latest = (await (await analyst.request(`/api/sites/${sites.a}/watch`)).json()) as Record<string, unknown>;
    expect(Object.keys(latest).sort()).toEqual(['dns', 'domain', 'headers', 'tls']);
    expect(latest['tls']).toBeNull();
    expect(latest['dns']).toMatchObject({ outcome: 'findings' });
    expect((await analyst.request(`/api/sites/${sites.a}/watch/whois`)).status).toBe(400);
  });

  it('shows a member only its own organisation’s sites', async () => {
    const member = await signIn(fx.app, fx.auth, { role: 'member', organisationIds: [orgs.b] });
    expect((await member.request(`/api/sites/${sites.a}/watch/dns`)).status).toBe(404);
    expect((await member.request(`/api/sites/${sites.a}/watch`)).status).toBe(404);
    expect((await member.request(`/api/sites/${sites.b}/watch/dns`)).status).toBe(200);
  });
});
