import { openApiDocument } from './test-client.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessOf, declareAccess, SCOPED } from './access.ts';
import { openApiFixture, type ApiFixture } from './api-test-fixture.ts';
import { signIn } from './auth-test-support.ts';

/** Routes outside /api/ that are public by design (documents) or have their own token (/metrics). */
const OUTSIDE_API = ['/openapi.json', '/docs', '/docs/swagger'];

describe('access declarations', () => {
  let fx: ApiFixture;
  beforeAll(async () => {
    fx = await openApiFixture();
  });
  afterAll(async () => fx.close());

  // A zod-openapi route is registered twice (validator, handler): one entry per method and path.
  const apiRoutes = () => {
    const seen = new Map<string, { method: string; path: string }>();
    for (const r of fx.app.routes)
      if (r.method !== 'ALL' && r.path.startsWith('/api/')) seen.set(`${r.method} ${r.path}`, r);
    return [...seen.values()];
  };

  it('has one for every registered /api/ route', () => {
    expect(apiRoutes().length).toBeGreaterThan(15);
    const undeclared = apiRoutes()
      .filter((r) => !accessOf(fx.app, r.method, r.path))
      .map((r) => `${r.method} ${r.path}`);
    expect(undeclared).toEqual([]);
    // The documents stay public: they are outside /api/, where the gate does not apply.
    const others = new Set(
      fx.app.routes.filter((r) => r.method !== 'ALL' && !r.path.startsWith('/api/')).map((r) => r.path),
    );
    for (const path of OUTSIDE_API) expect(others.has(path)).toBe(true);
  });

  it('answers 401 on every /api/ route but health and login without a session or token', async () => {
    const open: string[] = [];
    for (const r of apiRoutes()) {
      const path = r.path.replace(/:\w+/g, '1');
      const res = await fx.app.request(path, {
        method: r.method,
        headers: { 'content-type': 'application/json' },
        body: r.method === 'GET' ? null : '{}',
      });
      if (res.status !== 401) open.push(`${r.method} ${r.path} → ${res.status}`);
    }
    expect(open.sort()).toEqual(['GET /api/health → 200', 'POST /api/auth/login → 400']);
    expect((await fx.app.request('/api/no-such-route')).status).toBe(401);
    expect((await fx.app.request('/openapi.json')).status).toBe(200);
  });

  it('documents the sign-in, token, user and audit routes in the OpenAPI document', async () => {
    const doc = await openApiDocument(fx.app.request('/openapi.json'));
    for (const path of [
      '/api/auth/login',
      '/api/auth/logout',
      '/api/auth/me',
      '/api/auth/password',
      '/api/tokens',
      '/api/tokens/{id}',
      '/api/users',
      '/api/users/{id}',
      '/api/audit',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(Object.keys(doc.paths['/api/users/{id}']!)).toEqual(['patch']);
  });

  it('refuses a route registered without a declaration (fail closed)', async () => {
    // A fresh app: routes can only be added before the first request.
    const other = await openApiFixture();
    try {
      other.app.get('/api/forgotten', (c) => c.json({ secret: true }));
      const admin = await signIn(other.app, other.auth);
      const res = await admin.request('/api/forgotten');
      expect(res.status).toBe(403);
      expect(await res.text()).not.toContain('secret');
      expect(other.errors).toHaveLength(1);
    } finally {
      await other.close();
    }
    expect(() => declareAccess(fx.app, { 'GET /api/pages': SCOPED })).toThrow(/declared twice/);
    expect(() => declareAccess(fx.app, { '/api/x': SCOPED })).toThrow(/METHOD \/path/);
  });
});
