import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthStore } from '../../auth/auth-store.ts';
import { openStoreWithHandle } from '../../store/open-store.ts';
import { makeTempDir, type TempDir } from '../../store/test-support.ts';
import type { EstateStore } from '../../store/types.ts';
import { createApi } from '../app.ts';
import type { InferRequestType } from 'hono/client';
import { ok, type ApiClient, openApiDocument } from '../test-client.ts';
import { signIn, testAuthDeps, type SignedIn } from '../auth-test-support.ts';
import type { ApiApp } from '../types.ts';
import { decodeCursor, encodeCursor } from './overview.ts';

const T0 = 1_760_000_000_000;

describe('GET /api/overview', () => {
  let dir: TempDir;
  let store: EstateStore;
  let app: ApiApp;
  let pageIds: number[];
  let analyst: SignedIn;
  let member: SignedIn;

  beforeEach(async () => {
    dir = await makeTempDir();
    const opened = await openStoreWithHandle({ url: `sqlite:${join(dir.path, 'a.db')}` });
    store = opened.store;
    await store.migrate();
    app = createApi({
      store,
      version: 't',
      now: () => T0,
      log: { error: () => undefined } as never,
      auth: testAuthDeps(opened.handle),
    });
    const org = await store.upsertOrganisation({ slug: 'moj', name: '法務省' }, T0);
    const other = await store.upsertOrganisation({ slug: 'city', name: '市' }, T0);
    const auth = new AuthStore(opened.handle);
    analyst = await signIn(app, auth, { role: 'analyst' });
    member = await signIn(app, auth, { role: 'member', organisationIds: [other.id] });
    const site = await store.upsertSite({ organisationId: org.id, origin: 'https://www.moj.example.go.jp' }, T0);
    pageIds = [];
    for (let i = 0; i < 5; i++)
      pageIds.push(
        (await store.addPage({ siteId: site.id, url: `https://www.moj.example.go.jp/p${i}`, source: 'declared' }, T0))
          .page.id,
      );
    await store.recordCheck(
      {
        pageId: pageIds[3]!,
        startedAt: T0,
        durationMs: 1,
        outcome: 'timeout',
        httpStatus: null,
        redirects: [],
        headers: {},
        bodyBytes: null,
        bodySha256: null,
        bodyKept: false,
        charset: null,
        remoteAddress: null,
        verdict: 'down',
        reasons: [{ code: 'timeout', message: 'no answer', severity: 'high' }],
      },
      { status: 'down', lastBodySha256: null },
    );
  });
  afterEach(async () => {
    await store.close();
    await dir.remove();
  });

  type Query = InferRequestType<ApiClient['overview']['$get']>['query'];
  const get = (query: Query) => analyst.api.overview.$get({ query });

  it('answers the tree with counts and pages worst first, and pages on with its cursor', async () => {
    const answer = await get({ limit: 2 });
    expect(answer.status).toBe(200);
    const first = { body: await ok(answer) };
    expect(first.body).toMatchObject({
      total: 5,
      counts: { down: 1, unknown: 4 },
      organisations: [{ slug: 'moj' }, { slug: 'city' }],
    });
    expect(first.body.pages.items.map((p) => p.id)).toEqual([pageIds[3], pageIds[0]]);
    const second = { body: await ok(get({ limit: 2, after: first.body.pages.next! })) };
    expect(second.body.pages.items.map((p) => p.id)).toEqual([pageIds[1], pageIds[2]]);
    const down = { body: await ok(get({ status: 'down,tampered', q: 'moj' })) };
    expect(down.body.pages).toMatchObject({ total: 1, next: null, items: [{ id: pageIds[3], status: 'down' }] });
  });

  it('shows a member only their own organisation, and nobody anything without signing in', async () => {
    const res = await member.api.overview.$get({ query: {} });
    expect(res.status).toBe(200);
    const body = await ok(res);
    expect(body).toMatchObject({ total: 0, organisations: [{ slug: 'city' }], pages: { items: [], total: 0 } });
    expect((await member.request(`/api/overview?organisationId=1`)).status).toBe(200);
    expect((await app.request('/api/overview')).status).toBe(401);
  });

  it('refuses an unknown colour, a forged cursor and a bad limit with 400', async () => {
    expect((await get({ status: 'red' })).status).toBe(400);
    expect((await get({ after: 'bm9wZQ' })).status).toBe(400);
    expect((await get({ limit: 0 })).status).toBe(400);
    expect(decodeCursor(encodeCursor({ rank: 3, id: 42 }))).toEqual({ rank: 3, id: 42 });
    expect(decodeCursor('')).toBeNull();
  });

  it('is in the OpenAPI document', async () => {
    const doc = await openApiDocument(analyst.request('/openapi.json'));
    expect(Object.keys(doc.paths)).toContain('/api/overview');
  });
});
