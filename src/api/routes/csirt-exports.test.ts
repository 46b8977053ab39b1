import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboxStore } from '../../alert/outbox-store.ts';
import { AuthStore } from '../../auth/auth-store.ts';
import { IncidentService } from '../../incidents/incident-service.ts';
import { IncidentStore } from '../../incidents/incident-store.ts';
import { CsirtExports, type ExportsSettings } from '../../interop/csirt.ts';
import { checkMispEvent } from '../../interop/misp/test-misp-check.ts';
import type { MispEvent } from '../../interop/misp/types.ts';
import { startTheHiveReceiver, type TheHiveReceiver } from '../../interop/thehive/test-thehive-receiver.ts';
import type { CheckEvent } from '../../pipeline/check-event.ts';
import type { DatabaseHandle } from '../../store/database.ts';
import { openStoreWithHandle } from '../../store/open-store.ts';
import { makeTempDir, type TempDir } from '../../store/test-support.ts';
import type { EstateStore } from '../../store/types.ts';
import { createApi } from '../app.ts';
import { signIn, testAuthDeps, type SignedIn } from '../auth-test-support.ts';
import type { ApiApp } from '../types.ts';

const T0 = 1_760_000_000_000;
const KEY = 'api-test-thehive-key';

describe('CSIRT exports over the API', () => {
  let dir: TempDir;
  let store: EstateStore;
  let handle: DatabaseHandle;
  let incidents: IncidentStore;
  let service: IncidentService;
  let hive: TheHiveReceiver;
  let incidentId: number;

  function api(thehive: Partial<ExportsSettings['thehive']> = {}): { app: ApiApp; auth: AuthStore } {
    const settings: ExportsSettings = {
      tlp: 'amber',
      pap: 'amber',
      misp: { orgName: 'CSIRT API', distribution: 1 },
      thehive: { url: hive.url, apiKey: KEY, organisation: '', timeoutMs: 10_000, retries: 0, ...thehive },
    };
    const app = createApi({
      store,
      version: 't',
      now: () => T0 + 5000,
      log: { error: () => undefined } as never,
      incidents: { store: incidents, service, outbox: new OutboxStore(handle) },
      exports: new CsirtExports({ store, incidents, settings }),
      auth: testAuthDeps(handle),
    });
    return { app, auth: new AuthStore(handle) };
  }

  beforeEach(async () => {
    dir = await makeTempDir();
    hive = await startTheHiveReceiver({ apiKey: KEY });
    const opened = await openStoreWithHandle({ url: `sqlite:${join(dir.path, 'a.db')}` });
    store = opened.store;
    handle = opened.handle;
    await store.migrate();
    incidents = new IncidentStore(handle);
    service = new IncidentService({
      incidents,
      store,
      routing: { routes: [], maintenance: [] },
      restoreAfterChecks: 2,
      campaignWindowMs: 3_600_000,
      log: pino({ level: 'silent' }),
    });
    const org = await store.upsertOrganisation({ slug: 'moj', name: '法務省' }, T0);
    const site = await store.upsertSite({ organisationId: org.id, origin: 'https://www.moj.example.go.jp' }, T0);
    const { page } = await store.addPage(
      { siteId: site.id, url: 'https://www.moj.example.go.jp/news/', source: 'declared' },
      T0,
    );
    const check = await store.recordCheck(
      {
        pageId: page.id,
        startedAt: T0,
        durationMs: 1,
        outcome: 'ok',
        httpStatus: 200,
        redirects: [],
        headers: { 'content-type': 'text/html; charset=utf-8' },
        bodyBytes: 2048,
        bodySha256: 'd'.repeat(64),
        bodyKept: false,
        charset: 'utf-8',
        remoteAddress: '192.0.2.10',
        verdict: 'tampered',
        reasons: [
          {
            code: 'new-script-origin',
            message: 'script from evil.example.net',
            severity: 'high' as const,
            evidence: { url: 'https://evil.example.net/x.js' },
          },
        ],
      },
      { status: 'tampered', lastBodySha256: null },
    );
    await service.onCheck({ page, site, check, previousStatus: 'unchanged' } as unknown as CheckEvent);
    incidentId = (await incidents.list({ scope: 'page', limit: 5 }))[0]!.id;
  });
  afterEach(async () => {
    await store.close();
    await hive.close();
    await dir.remove();
  });

  it('GET /api/export/misp answers a MISP event in the core format', async () => {
    const { app, auth } = api();
    const admin: SignedIn = await signIn(app, auth);
    const res = await admin.request(`/api/export/misp?incidentId=${incidentId}`);
    expect(res.status).toBe(200);
    const event = (await res.json()) as MispEvent;
    expect(checkMispEvent(event)).toEqual([]);
    expect(event.Event).toMatchObject({ distribution: '1', Orgc: { name: 'CSIRT API' } });
    expect(event.Event.Attribute.filter((a) => a.to_ids).map((a) => a.value)).toEqual(['evil.example.net']);
    expect((await admin.request('/api/export/misp')).status).toBe(400);
    expect((await admin.request('/api/export/misp?incidentId=999')).status).toBe(404);
  });

  it('POST /api/incidents/{id}/thehive creates the case, for CSIRT staff only', async () => {
    const { app, auth } = api();
    const admin = await signIn(app, auth);
    const res = await admin.request(`/api/incidents/${incidentId}/thehive`, { method: 'POST' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { caseId: string; caseNumber: number; observables: number; failed: unknown[] };
    expect(body).toEqual({
      caseId: expect.stringMatching(/^~/) as string,
      caseNumber: 1,
      observables: hive.observables.length,
      failed: [],
    });
    expect(hive.problems).toEqual([]);
    expect(hive.observables.find((o) => o.body.dataType === 'domain' && o.body.ioc)?.body.data).toBe(
      'evil.example.net',
    );
    const investigator = await signIn(app, auth, { role: 'investigator' });
    expect((await investigator.request(`/api/incidents/${incidentId}/thehive`, { method: 'POST' })).status).toBe(403);
    expect((await admin.request('/api/incidents/999/thehive', { method: 'POST' })).status).toBe(404);
  });

  it('answers 409 unconfigured, 502 refused key, 503 unavailable', async () => {
    const off = api({ url: '' });
    expect(
      (await (await signIn(off.app, off.auth)).request(`/api/incidents/${incidentId}/thehive`, { method: 'POST' }))
        .status,
    ).toBe(409);
    const wrong = api({ apiKey: 'not-the-key' });
    const refused = await (
      await signIn(wrong.app, wrong.auth)
    ).request(`/api/incidents/${incidentId}/thehive`, {
      method: 'POST',
    });
    expect(refused.status).toBe(502);
    expect(((await refused.json()) as { message: string }).message).toContain('exports.thehive.apiKey');
    const on = api();
    hive.failNext(1);
    const unavailable = await (
      await signIn(on.app, on.auth)
    ).request(`/api/incidents/${incidentId}/thehive`, {
      method: 'POST',
    });
    expect(unavailable.status).toBe(503);
    expect(hive.cases).toHaveLength(0);
  });
});
