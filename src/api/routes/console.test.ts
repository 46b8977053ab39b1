/**
 * The console's data routes over a real SQLite store, evidence ledger and blob stores: a defaced page
 * of one organisation with its incident, evidence, render state and captured body, seen by a CSIRT
 * analyst (every organisation) and by a member of another organisation (nothing: 404).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboxStore } from '../../alert/outbox-store.ts';
import { EvidenceStore } from '../../evidence/evidence-store.ts';
import { PNG_1x1 } from '../../evidence/test-rig.ts';
import { IncidentService } from '../../incidents/incident-service.ts';
import { IncidentStore } from '../../incidents/incident-store.ts';
import { RenderStateStore } from '../../render/render-state-store.ts';
import { FsBlobStore, sha256Hex } from '../../store/blob-store.ts';
import { openStoreWithHandle } from '../../store/open-store.ts';
import { makeTempDir, type TempDir } from '../../store/test-support.ts';
import type { EstateStore } from '../../store/types.ts';
import type { CheckEvent } from '../../pipeline/check-event.ts';
import { createApi } from '../app.ts';
import { captureTokens } from '../capture/capture-token.ts';
import { AuthStore } from '../../auth/auth-store.ts';
import { failure, ok, openApiDocument } from '../test-client.ts';
import { signIn, testAuthDeps, type SignedIn } from '../auth-test-support.ts';
import type { ApiApp } from '../types.ts';

const T0 = 1_760_000_000_000;
const BEFORE =
  '<html><head><title>お知らせ</title></head><body><h1>お知らせ</h1><ul><li>白書を公表しました</li></ul></body></html>';
const AFTER =
  '<html><head><title>お知らせ</title></head><body><h1>お知らせ</h1><ul><li>白書を公表しました</li><li style="display:none"><a href="https://casino.example/">casino bonus</a></li></ul></body></html>';

describe('console routes', () => {
  let dir: TempDir;
  let store: EstateStore;
  let ledger: EvidenceStore;
  let app: ApiApp;
  let analyst: SignedIn;
  let outsider: SignedIn;
  let insider: SignedIn;
  const ids = { moj: 0, other: 0, check: 0, incident: 0, page: 0 };
  let viewportSha = '';
  let domSha = '';

  beforeEach(async () => {
    dir = await makeTempDir();
    const opened = await openStoreWithHandle({ url: `sqlite:${join(dir.path, 'a.db')}` });
    store = opened.store;
    await store.migrate();
    const incidents = new IncidentStore(opened.handle);
    const service = new IncidentService({
      incidents,
      store,
      routing: { routes: [], maintenance: [] },
      restoreAfterChecks: 2,
      campaignWindowMs: 3_600_000,
      log: pino({ level: 'silent' }),
    });
    ledger = new EvidenceStore(opened.handle);
    const files = new FsBlobStore(join(dir.path, 'evidence'));
    const bodies = new FsBlobStore(join(dir.path, 'blobs'));
    const renderBlobs = new FsBlobStore(join(dir.path, 'renders'));
    const renderStates = new RenderStateStore(opened.handle);
    app = createApi({
      store,
      version: 't',
      now: () => T0 + 5000,
      log: { error: () => undefined } as never,
      auth: testAuthDeps(opened.handle),
      incidents: { store: incidents, service, outbox: new OutboxStore(opened.handle) },
      console: {
        bodies,
        renderStates,
        renderBlobs,
        evidence: { ledger, files },
        incidents,
        captureOrigin: () => 'http://127.0.0.1:9',
        tokens: captureTokens(),
        mamoriVersion: 't',
      },
    });
    const moj = await store.upsertOrganisation({ slug: 'moj', name: '法務省' }, T0);
    ids.other = (await store.upsertOrganisation({ slug: 'city', name: '市' }, T0)).id;
    ids.moj = moj.id;
    const auth = new AuthStore(opened.handle);
    analyst = await signIn(app, auth, { role: 'analyst' });
    outsider = await signIn(app, auth, { role: 'member', organisationIds: [ids.other] });
    insider = await signIn(app, auth, { role: 'investigator', organisationIds: [ids.moj] });
    const site = await store.upsertSite({ organisationId: moj.id, origin: 'https://www.moj.example.go.jp' }, T0);
    const { page } = await store.addPage(
      { siteId: site.id, url: 'https://www.moj.example.go.jp/news/', source: 'declared' },
      T0,
    );
    ids.page = page.id;
    const base = {
      pageId: page.id,
      durationMs: 1,
      outcome: 'ok' as const,
      httpStatus: 200,
      redirects: [],
      headers: {},
      bodyKept: true,
      charset: 'utf-8',
      remoteAddress: null,
    };
    await store.recordCheck(
      {
        ...base,
        startedAt: T0 - 60_000,
        bodyBytes: BEFORE.length,
        bodySha256: await bodies.put(Buffer.from(BEFORE)),
        verdict: 'unchanged',
        reasons: [],
      },
      { status: 'unchanged', lastBodySha256: null },
    );
    const reasons = [
      {
        code: 'hidden-external-link',
        message: 'A hidden link to casino.example',
        severity: 'high' as const,
        evidence: { selector: 'body>ul>li:nth-of-type(2)', snippet: 'casino bonus', url: 'https://casino.example/' },
      },
    ];
    const check = await store.recordCheck(
      {
        ...base,
        startedAt: T0,
        bodyBytes: AFTER.length,
        bodySha256: await bodies.put(Buffer.from(AFTER)),
        verdict: 'tampered',
        reasons,
      },
      { status: 'tampered', lastBodySha256: null },
    );
    ids.check = check.id;
    await service.onCheck({ page, site, check, previousStatus: 'unchanged' } as unknown as CheckEvent);
    ids.incident = (await incidents.list({ scope: 'page', limit: 5 }))[0]!.id;
    viewportSha = await renderBlobs.put(PNG_1x1);
    domSha = await renderBlobs.put(Buffer.from(AFTER));
    await renderStates.put({
      pageId: page.id,
      baseline: null,
      renderedAt: T0 + 10,
      verdict: 'tampered',
      reasons: [],
      pending: false,
      viewportSha256: viewportSha,
      fullPageSha256: null,
      domSha256: domSha,
      diffSha256: null,
      baselineViewportSha256: null,
    });
    const warc = Buffer.from('WARC/1.1\r\n');
    const warcSha = await files.put(warc);
    const shotSha = await files.put(PNG_1x1);
    const fileRefs = [
      { role: 'warc' as const, sha256: warcSha, bytes: warc.length, mediaType: 'application/warc', label: 'response' },
      {
        role: 'screenshot' as const,
        sha256: shotSha,
        bytes: PNG_1x1.length,
        mediaType: 'image/png',
        label: 'viewport',
      },
    ];
    await ledger.append(
      {
        kind: 'capture',
        recordedAt: T0 + 20,
        pageId: page.id,
        checkId: check.id,
        url: page.url,
        observedAt: T0,
        refersToSeq: null,
        evidenceSha256: warcSha,
        details: {
          trigger: 'tampered',
          url: page.url,
          finalUrl: page.url,
          verdict: 'tampered',
          outcome: 'ok',
          reasons,
          httpStatus: 200,
          remoteAddress: null,
          bodySha256: null,
          mamoriVersion: 't',
          warcFilename: 'capture-1.warc.gz',
          files: fileRefs,
        },
      },
      fileRefs,
    );
  });
  afterEach(async () => {
    await store.close();
    await dir.remove();
  });

  const check = () => analyst.api.checks[':id'];
  const param = () => ({ param: { id: ids.check } });

  it('lists the incident’s evidence records with their ledger seq and chain state', async () => {
    const res = await analyst.api.incidents[':id'].evidence.$get({ param: { id: ids.incident } });
    expect(res.status).toBe(200);
    const body = await ok(res);
    expect(body.items.map((r) => [r.kind, r.checkId, r.ledgerSeq, r.chainVerified, r.capturedAt])).toEqual([
      ['warc', ids.check, 1, true, T0],
      ['screenshot', ids.check, 1, true, T0],
    ]);
    expect(body.items[1]!.size).toBe(PNG_1x1.length);
  });

  it('downloads the evidence bundle as a tar whose manifest checks', async () => {
    const res = await analyst.request(`/api/incidents/${ids.incident}/evidence/export`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-tar');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="mamori-incident-${ids.incident}-evidence.tar"`,
    );
    const tar = join(dir.path, 'b.tar');
    writeFileSync(tar, Buffer.from(await res.arrayBuffer()));
    execFileSync('tar', ['-xf', tar, '-C', dir.path]);
    const out = execFileSync('sha256sum', ['-c', 'manifest.sha256'], {
      cwd: join(dir.path, `mamori-incident-${ids.incident}-evidence`),
      encoding: 'utf8',
    });
    expect(out).toMatch(/screenshots\/1-viewport\.png: OK/);
    expect((await ledger.head())?.kind).toBe('export');
  });

  it('summarises the render and serves its PNG, never the DOM', async () => {
    const res = await check().render.$get(param());
    expect(res.status).toBe(200);
    const body = await ok(res);
    expect(body).toMatchObject({ current: { viewport: viewportSha, fullPage: null }, forThisCheck: true, masks: [] });
    const png = await analyst.request(`/api/renders/${viewportSha}.png`);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('x-content-type-options')).toBe('nosniff');
    expect(png.headers.get('cache-control')).toBe('private');
    expect(Buffer.from(await png.arrayBuffer()).equals(PNG_1x1)).toBe(true);
    expect((await analyst.request(`/api/renders/${domSha}.png`)).status).toBe(404);
    expect((await analyst.request(`/api/renders/${'e'.repeat(64)}.png`)).status).toBe(404);
    expect((await analyst.request(`/api/renders/${viewportSha}`)).status).toBe(404);
  });

  it('diffs the text against the version before and names the inserted element', async () => {
    const res = await check().diff.$get(param());
    expect(res.status).toBe(200);
    const body = await ok(res);
    expect(body.baselineCheckId).toBe(ids.check - 1);
    expect(body.blocks.filter((l) => l.op === 'added').map((l) => l.text)).toEqual(['casino bonus']);
    expect(body.blocks.find((l) => l.op === 'added')?.hidden).toMatch(/display:none/);
    expect(body.inserted).toEqual([
      expect.objectContaining({ selector: 'body>ul>li:nth-of-type(2)', snippet: 'casino bonus' }),
    ]);
  });

  it('answers 409 evidence_corrupted for a damaged page body or render artefact, not a bare 500', async () => {
    await writeFile(
      new FsBlobStore(join(dir.path, 'blobs')).pathOf(sha256Hex(Buffer.from(AFTER))),
      AFTER.replace('casino', 'kasino'),
    );
    const diff = await check().diff.$get(param());
    expect(diff.status).toBe(409);
    expect(await failure(diff)).toMatchObject({
      error: 'evidence_corrupted',
      message: expect.stringContaining('mamori evidence verify') as string,
    });
    await writeFile(
      new FsBlobStore(join(dir.path, 'renders')).pathOf(viewportSha),
      Buffer.concat([PNG_1x1, Buffer.from([0])]),
    );
    // The PNG route is documented but served outside the typed routes (its answer is bytes).
    const png = await analyst.request(`/api/renders/${viewportSha}.png`);
    expect(png.status).toBe(409);
    expect(await png.json()).toMatchObject({ error: 'evidence_corrupted' });
  });

  it('mints capture links on the capture origin only', async () => {
    const res = await check()['capture-url'].$get(param());
    expect(res.status).toBe(200);
    const body = await ok(res);
    expect(body.url).toBe(body.html);
    expect(body.html).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:9/capture/${ids.check}\\?t=[^&]+&as=html$`));
    expect(body.expiresAt).toBeGreaterThan(T0 + 5000);
  });

  it('answers 404 for everything of an organisation outside the caller’s scope', async () => {
    for (const path of [
      `/api/incidents/${ids.incident}/evidence`,
      `/api/incidents/${ids.incident}/evidence/export`,
      `/api/checks/${ids.check}/render`,
      `/api/checks/${ids.check}/diff`,
      `/api/checks/${ids.check}/capture-url`,
      `/api/renders/${viewportSha}.png`,
    ]) {
      expect([path, (await outsider.request(path)).status]).toEqual([path, 404]);
      expect([path, (await app.request(path)).status]).toEqual([path, 401]);
    }
    const overview = await ok(outsider.api.overview.$get({ query: {} }));
    expect(overview).toMatchObject({ total: 0, organisations: [{ slug: 'city' }] });
    // An investigator granted the organisation reads its evidence and takes it away.
    expect((await insider.request(`/api/checks/${ids.check}/render`)).status).toBe(200);
    expect((await insider.request(`/api/incidents/${ids.incident}/evidence/export`)).status).toBe(200);
  });

  it('documents the routes', async () => {
    const doc = await openApiDocument(analyst.request('/openapi.json'));
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/incidents/{id}/evidence',
        '/api/incidents/{id}/evidence/export',
        '/api/checks/{id}/render',
        '/api/renders/{id}.png',
        '/api/checks/{id}/diff',
        '/api/checks/{id}/capture-url',
      ]),
    );
  });
});
