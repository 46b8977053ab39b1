import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboxStore } from '../../alert/outbox-store.ts';
import { AuthStore } from '../../auth/auth-store.ts';
import { IncidentService } from '../../incidents/incident-service.ts';
import { IncidentStore } from '../../incidents/incident-store.ts';
import { stixId } from '../../interop/stix/ids.ts';
import { checkBundle } from '../../interop/stix/spec-check.ts';
import { openStoreWithHandle } from '../../store/open-store.ts';
import { makeTempDir, type TempDir } from '../../store/test-support.ts';
import type { EstateStore } from '../../store/types.ts';
import type { CheckEvent } from '../../pipeline/check-event.ts';
import { createApi } from '../app.ts';
import { failure, ok } from '../test-client.ts';
import { signIn, testAuthDeps, type SignedIn } from '../auth-test-support.ts';
import type { ApiApp } from '../types.ts';

const T0 = 1_760_000_000_000;

describe('GET /api/stix', () => {
  let dir: TempDir;
  let store: EstateStore;
  let incidents: IncidentStore;
  let app: ApiApp;
  let admin: SignedIn;
  let checkId: number;

  beforeEach(async () => {
    dir = await makeTempDir();
    const opened = await openStoreWithHandle({ url: `sqlite:${join(dir.path, 'a.db')}` });
    store = opened.store;
    await store.migrate();
    incidents = new IncidentStore(opened.handle);
    const service = new IncidentService({
      incidents,
      store,
      routing: { routes: [], maintenance: [] },
      restoreAfterChecks: 2,
      campaignWindowMs: 3_600_000,
      log: pino({ level: 'silent' }),
    });
    app = createApi({
      store,
      version: 't',
      now: () => T0 + 5000,
      log: { error: () => undefined } as never,
      incidents: { store: incidents, service, outbox: new OutboxStore(opened.handle) },
      auth: testAuthDeps(opened.handle),
    });
    admin = await signIn(app, new AuthStore(opened.handle));
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
      {
        code: 'new-script-origin',
        message: 'script from evil.example.net',
        severity: 'high' as const,
        evidence: { url: 'https://evil.example.net/x.js' },
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
        remoteAddress: '192.0.2.10',
        verdict: 'tampered',
        reasons,
      },
      { status: 'tampered', lastBodySha256: null },
    );
    checkId = check.id;
    await service.onCheck({ page, site, check, previousStatus: 'unchanged' } as unknown as CheckEvent);
  });
  afterEach(async () => {
    await store.close();
    await dir.remove();
  });

  it('exports a site incident with its page incident, the check that saw it and the organisation', async () => {
    const site = (await incidents.list({ scope: 'site', limit: 5 }))[0]!;
    const res = await admin.api.stix.$get({ query: { incidentId: site.id } });
    expect(res.status).toBe(200);
    const bundle = await ok(res);
    expect(checkBundle(bundle.objects)).toEqual([]);
    expect(bundle.objects.filter((o) => o.type === 'incident')).toHaveLength(2);
    const observed = bundle.objects.find((o) => o.id === stixId('observed-data', `check:${checkId}`));
    expect(observed).toBeDefined();
    const scos = (observed!.object_refs as string[]).map((r) => bundle.objects.find((o) => o.id === r)!);
    expect(scos.map((s) => s.value)).toEqual([
      'https://www.moj.example.go.jp/news/',
      'www.moj.example.go.jp',
      '192.0.2.10',
    ]);
    expect(bundle.objects.find((o) => o.type === 'identity' && o.name === '法務省')).toBeDefined();
    // The same rows export to the same bundle.
    expect(await (await admin.request(`/api/stix?incidentId=${site.id}`)).text()).toBe(JSON.stringify(bundle));
  });

  it('exports a time window, and an empty one with only the producer', async () => {
    const inWindow = await ok(admin.api.stix.$get({ query: { from: new Date(T0 - 1000).toISOString() } }));
    expect(inWindow.objects.filter((o) => o.type === 'incident')).toHaveLength(2);
    const before = await ok(admin.api.stix.$get({ query: { from: String(T0 - 9000), to: String(T0 - 5000) } }));
    expect(before.objects.map((o) => o.type)).toEqual(['identity']);
  });

  it('answers 400 without exactly one scope or with a bad time, 404 for an unknown incident', async () => {
    expect((await admin.request('/api/stix')).status).toBe(400);
    expect((await admin.request('/api/stix?incidentId=1&campaignId=1')).status).toBe(400);
    const bad = await admin.api.stix.$get({ query: { from: 'yesterday' } });
    expect(bad.status).toBe(400);
    expect((await failure(bad)).issues?.map((i) => i.path)).toEqual(['from']);
    expect((await admin.request('/api/stix?incidentId=999')).status).toBe(404);
  });
});
