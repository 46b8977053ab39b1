/**
 * The console's diff re-analyses stored bodies in the analysis pool (real worker threads): a body
 * that cannot be analysed within its limits gets a clear 422, a pool that cannot run one a 503, and
 * the API's own thread keeps answering meanwhile.
 */
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalysisPool } from '../../analysis/analysis-pool.ts';
import { OutboxStore } from '../../alert/outbox-store.ts';
import { AuthStore } from '../../auth/auth-store.ts';
import { EvidenceStore } from '../../evidence/evidence-store.ts';
import { IncidentService } from '../../incidents/incident-service.ts';
import { IncidentStore } from '../../incidents/incident-store.ts';
import { RenderStateStore } from '../../render/render-state-store.ts';
import { FsBlobStore } from '../../store/blob-store.ts';
import { openStoreWithHandle } from '../../store/open-store.ts';
import { makeTempDir, type TempDir } from '../../store/test-support.ts';
import type { EstateStore } from '../../store/types.ts';
import { createApi } from '../app.ts';
import { ok } from '../test-client.ts';
import { signIn, testAuthDeps, type SignedIn } from '../auth-test-support.ts';
import { captureTokens } from '../capture/capture-token.ts';

const T0 = 1_760_000_000_000;
const news = (items: number) =>
  `<html><head><title>News</title></head><body><h1>News</h1><ul>${Array.from({ length: items }, (_, i) => `<li><a href="/n/${i}">Notice number ${i} about the ward office</a></li>`).join('')}</ul></body></html>`;

describe('the console diff through the analysis pool', () => {
  let dir: TempDir;
  let store: EstateStore;
  let pool: AnalysisPool;
  let analyst: SignedIn;
  const checks = { small: 0, heavy: 0 };

  beforeAll(async () => {
    dir = await makeTempDir();
    const opened = await openStoreWithHandle({ url: `sqlite:${join(dir.path, 'a.db')}` });
    store = opened.store;
    await store.migrate();
    const bodies = new FsBlobStore(join(dir.path, 'blobs'));
    const incidents = new IncidentStore(opened.handle);
    const service = new IncidentService({
      incidents,
      store,
      routing: { routes: [], maintenance: [] },
      restoreAfterChecks: 2,
      campaignWindowMs: 3_600_000,
      log: pino({ level: 'silent' }),
    });
    pool = new AnalysisPool({ workers: 1, timeoutMs: 200, maxMemoryMb: 128 });
    const app = createApi({
      store,
      version: 't',
      now: () => T0,
      log: { error: () => undefined } as never,
      auth: testAuthDeps(opened.handle),
      incidents: { store: incidents, service, outbox: new OutboxStore(opened.handle) },
      console: {
        bodies,
        renderStates: new RenderStateStore(opened.handle),
        renderBlobs: new FsBlobStore(join(dir.path, 'renders')),
        evidence: { ledger: new EvidenceStore(opened.handle), files: new FsBlobStore(join(dir.path, 'evidence')) },
        incidents,
        captureOrigin: () => null,
        tokens: captureTokens(),
        mamoriVersion: 't',
        analyser: pool,
      },
    });
    analyst = await signIn(app, new AuthStore(opened.handle), { role: 'analyst' });
    const org = await store.upsertOrganisation({ slug: 'ward', name: 'Ward' }, T0);
    const site = await store.upsertSite({ organisationId: org.id, origin: 'https://ward.example.go.jp' }, T0);
    const { page } = await store.addPage(
      { siteId: site.id, url: 'https://ward.example.go.jp/news/', source: 'declared' },
      T0,
    );
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
      reasons: [],
    };
    const record = async (html: string, at: number) =>
      (
        await store.recordCheck(
          {
            ...base,
            startedAt: at,
            bodyBytes: html.length,
            bodySha256: await bodies.put(Buffer.from(html)),
            verdict: 'unchanged',
          },
          { status: 'unchanged', lastBodySha256: null },
        )
      ).id;
    await record(news(3), T0 - 2000);
    checks.small = await record(news(4), T0 - 1000);
    // About half a second of analysis even on a quiet machine: well past the 200 ms deadline.
    checks.heavy = await record(news(120_000), T0);
  });

  afterAll(async () => {
    await pool?.close();
    await store?.close();
    await dir?.remove();
  });

  it('diffs an ordinary body as before', async () => {
    const res = await analyst.api.checks[':id'].diff.$get({ param: { id: checks.small } });
    expect(res.status).toBe(200);
    const body = await ok(res);
    expect(body.blocks.filter((b) => b.op === 'added').map((b) => b.text)).toEqual([
      'Notice number 3 about the ward office',
    ]);
  }, 60_000);

  it('answers 422 naming the limit for a body that cannot be analysed in time, while the API keeps answering', async () => {
    const pending = analyst.request(`/api/checks/${checks.heavy}/diff`);
    // Another request meanwhile is answered at once: the analysis is not on the API's thread.
    const started = performance.now();
    expect((await analyst.request(`/api/checks/${checks.small}`)).status).toBeLessThan(500);
    expect(performance.now() - started).toBeLessThan(1000);
    const res = await pending;
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      error: 'analysis_limit',
      message: 'The page could not be analysed within limits (time: 200 ms). No diff can be shown.',
    });
  }, 60_000);

  it('diffs any two versions of the page in the pool too: 200 within the limits, 422 past them', async () => {
    const pageId = (await store.getCheck(checks.small))!.pageId;
    const first = checks.small - 1;
    const fine = await analyst.api.pages[':id'].diff.$get({
      param: { id: pageId },
      query: { from: first, to: checks.small },
    });
    expect(fine.status).toBe(200);
    expect((await ok(fine)).added).toBe(1);
    const res = await analyst.request(`/api/pages/${pageId}/diff?from=${first}&to=${checks.heavy}`);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: 'analysis_limit' });
  }, 60_000);

  it('answers 503 when the analysis cannot run at all', async () => {
    await pool.close();
    const res = await analyst.request(`/api/checks/${checks.small}/diff`);
    expect(res.status).toBe(503);
    const pageId = (await store.getCheck(checks.small))!.pageId;
    const versions = await analyst.request(`/api/pages/${pageId}/diff?from=${checks.small - 1}&to=${checks.small}`);
    expect(versions.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: 'analysis_unavailable' });
  });
});
