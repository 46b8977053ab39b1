import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsBlobStore, sha256Hex } from '../../store/blob-store.ts';
import { openStore } from '../../store/open-store.ts';
import { makeTempDir, type TempDir } from '../../store/test-support.ts';
import type { EstateStore } from '../../store/types.ts';
import { CAPTURE_CSP, createCaptureApp } from './capture-app.ts';
import { captureTokens } from './capture-token.ts';

const T0 = 1_760_000_000_000;
const HOSTILE = '<html><body><h1>Hacked</h1><script>alert(1)</script><img src=x onerror="alert(2)"></body></html>';

describe('capture origin app', () => {
  let dir: TempDir;
  let store: EstateStore;
  let checkId: number;
  let keptless: number;
  const tokens = captureTokens(Buffer.alloc(32, 1));
  let app: ReturnType<typeof createCaptureApp>;
  const errors: unknown[] = [];

  beforeEach(async () => {
    dir = await makeTempDir();
    store = await openStore({ url: `sqlite:${join(dir.path, 'a.db')}` });
    await store.migrate();
    const bodies = new FsBlobStore(join(dir.path, 'blobs'));
    const org = await store.upsertOrganisation({ slug: 'a', name: 'A' }, T0);
    const site = await store.upsertSite({ organisationId: org.id, origin: 'https://a.example' }, T0);
    const { page } = await store.addPage({ siteId: site.id, url: 'https://a.example/', source: 'declared' }, T0);
    const base = {
      pageId: page.id,
      startedAt: T0,
      durationMs: 1,
      outcome: 'ok' as const,
      httpStatus: 200,
      redirects: [],
      headers: {},
      bodyBytes: HOSTILE.length,
      charset: 'utf-8',
      remoteAddress: null,
      verdict: 'tampered' as const,
      reasons: [],
    };
    const sha = await bodies.put(Buffer.from(HOSTILE));
    checkId = (
      await store.recordCheck({ ...base, bodySha256: sha, bodyKept: true }, { status: 'tampered', lastBodySha256: sha })
    ).id;
    keptless = (
      await store.recordCheck(
        { ...base, bodySha256: sha, bodyKept: false },
        { status: 'tampered', lastBodySha256: sha },
      )
    ).id;
    app = createCaptureApp({
      store,
      bodies,
      tokens,
      now: () => T0 + 1000,
      log: { error: (e: unknown) => errors.push(e) },
    });
  });
  afterEach(async () => {
    await store.close();
    await dir.remove();
  });

  const link = (id: number, as?: string) =>
    `/capture/${id}?t=${encodeURIComponent(tokens.mint(id, T0).token)}${as ? `&as=${as}` : ''}`;

  it('serves the captured source as text by default, and as HTML only under the sandbox CSP', async () => {
    const text = await app.request(link(checkId));
    expect(text.status).toBe(200);
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await text.text()).toBe(HOSTILE);
    const html = await app.request(link(checkId, 'html'));
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await html.text()).toContain('<script>alert(1)</script>');
    for (const res of [text, html]) {
      expect(res.headers.get('content-security-policy')).toBe(CAPTURE_CSP);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-site');
    }
    expect(CAPTURE_CSP).toBe("sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'");
  });

  it('refuses a missing, foreign or expired token, another check’s token, a dropped body and other paths', async () => {
    expect((await app.request(`/capture/${checkId}`)).status).toBe(403);
    expect(
      (await app.request(`/capture/${checkId}?t=${encodeURIComponent(captureTokens().mint(checkId, T0).token)}`))
        .status,
    ).toBe(403);
    expect(
      (await app.request(`/capture/${checkId}?t=${encodeURIComponent(tokens.mint(checkId, T0 - 10 * 60_000).token)}`))
        .status,
    ).toBe(403);
    expect(
      (await app.request(`/capture/${checkId}?t=${encodeURIComponent(tokens.mint(keptless, T0).token)}`)).status,
    ).toBe(403);
    expect((await app.request(link(keptless))).status).toBe(404);
    expect((await app.request(link(checkId, 'svg'))).status).toBe(404);
    const other = await app.request('/api/overview');
    expect(other.status).toBe(404);
    expect(other.headers.get('content-security-policy')).toBe(CAPTURE_CSP);
    expect(errors).toEqual([]);
  });

  it('says the stored body is damaged (409 evidence_corrupted), not a bare internal error', async () => {
    await writeFile(
      new FsBlobStore(join(dir.path, 'blobs')).pathOf(sha256Hex(Buffer.from(HOSTILE))),
      HOSTILE.replace('Hacked', 'Hacker'),
    );
    const res = await app.request(link(checkId));
    expect(res.status).toBe(409);
    expect(res.headers.get('x-mamori-error')).toBe('evidence_corrupted');
    expect(await res.text()).toContain('mamori evidence verify');
    expect(res.headers.get('content-security-policy')).toBe(CAPTURE_CSP);
  });
});
