import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE_CHANNEL, FIXTURE_NOW, openApiFixture, type ApiFixture } from '../api-test-fixture.ts';
import { signIn, type SignedIn } from '../auth-test-support.ts';
import { failure, ok, okWithText, testClient, openApiDocument } from '../test-client.ts';

/** Every secret of the fixture's channel: its HMAC key and the URL's path and query. */
const SECRETS = ['fixture-hmac-secret-0123', 'T0K3N-PATH-SECRET', 'query-secret-value', '/services/'];

describe('notification channel routes', () => {
  let fx: ApiFixture;
  let admin: SignedIn;
  beforeEach(async () => {
    fx = await openApiFixture();
    admin = await signIn(fx.app, fx.auth, { username: 'root', role: 'admin' });
  });
  afterEach(async () => fx.close());

  it('lists the channels with a redacted destination, their routes and figures, and the maintenance windows', async () => {
    const res = await admin.api.channels.$get();
    expect(res.status).toBe(200);
    const { text, body } = await okWithText(res);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(body.items).toEqual([
      {
        name: 'hook',
        type: 'webhook',
        destination: 'hooks.example.go.jp',
        signed: true,
        routes: [{ organisations: [], minSeverity: 'low' }],
        status: 'unused',
        outbox: { pending: 0, failed: 0, delivered: 0, suppressed: 0, lastDeliveredAt: null, lastError: null },
      },
    ]);
    expect(body.maintenance).toEqual([
      {
        site: 'https://www.alpha.example.go.jp',
        from: Date.parse('2025-10-09T00:00:00Z'),
        to: Date.parse('2025-10-10T00:00:00Z'),
        reason: 'CMS upgrade',
        active: true,
      },
    ]);
    expect(body.maintenance[0]!.from).toBeLessThan(FIXTURE_NOW);
  });

  it('shows channels to analysts, and to organisation accounts as not found', async () => {
    const analyst = await signIn(fx.app, fx.auth, { role: 'analyst' });
    expect((await analyst.request('/api/channels')).status).toBe(200);
    for (const role of ['member', 'investigator'] as const) {
      const user = await signIn(fx.app, fx.auth, { role, organisationIds: [1] });
      const res = await user.request('/api/channels');
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('hook');
    }
  });

  it('queues a test through the outbox for an admin, counts it, lists it and audits it', async () => {
    const res = await admin.api.channels[':name'].test.$post({ param: { name: 'hook' } });
    expect(res.status).toBe(202);
    const queued = await ok(res);
    expect(queued).toEqual({
      id: expect.any(Number) as number,
      channel: 'hook',
      state: 'pending',
      event: 'mamori.test',
    });
    expect(fx.kicks.count).toBe(1);
    const [row] = await fx.outbox.claimDue(FIXTURE_NOW, 10, 60_000);
    expect(row).toMatchObject({ id: queued.id, channel: 'hook', incidentId: null });
    expect(row!.message.message).toContain('root');
    // A receiver that says no: the figures show the error, scrubbed of the URL's secrets.
    await fx.outbox.markFailed(row!.id, `HTTP 503 from ${FIXTURE_CHANNEL.url}`, FIXTURE_NOW + 2000, FIXTURE_NOW + 1);
    const after = await okWithText(admin.api.channels.$get());
    for (const secret of SECRETS) expect(after.text).not.toContain(secret);
    expect(after.body.items[0]).toMatchObject({
      status: 'failing',
      outbox: { pending: 1, lastError: { message: 'HTTP 503 from [redacted]', at: FIXTURE_NOW + 1 } },
    });
    const { text: listedText, body: listed } = await okWithText(admin.api.notifications.$get({ query: {} }));
    for (const secret of SECRETS) expect(listedText).not.toContain(secret);
    expect(listed.items.map((n) => [n.id, n.event, n.lastError])).toEqual([
      [queued.id, 'mamori.test', 'HTTP 503 from [redacted]'],
    ]);
    const audit = await ok(admin.api.audit.$get({ query: { limit: 1 } }));
    expect(audit.items[0]).toMatchObject({
      path: '/api/channels/hook/test',
      status: 202,
      target: 'channels:hook',
      detail: { notificationId: queued.id },
    });
  });

  it('answers 404 for an unknown channel and refuses anyone but an admin, and a write without the CSRF token', async () => {
    expect((await admin.request('/api/channels/nowhere/test', { method: 'POST' })).status).toBe(404);
    const analyst = await signIn(fx.app, fx.auth, { role: 'analyst' });
    expect((await analyst.request('/api/channels/hook/test', { method: 'POST' })).status).toBe(403);
    const member = await signIn(fx.app, fx.auth, { role: 'member', organisationIds: [1] });
    expect((await member.request('/api/channels/hook/test', { method: 'POST' })).status).toBe(403);
    const noCsrf = await testClient(fx.app, { cookie: admin.headers.cookie! }).channels[':name'].test.$post({
      param: { name: 'hook' },
    });
    expect(noCsrf.status).toBe(403);
    expect((await failure(noCsrf)).error).toBe('csrf');
    expect(await fx.outbox.list({ limit: 10 })).toEqual([]);
    expect(fx.kicks.count).toBe(0);
  });

  it('documents both routes in the OpenAPI document', async () => {
    const doc = await openApiDocument(fx.app.request('/openapi.json'));
    expect(Object.keys(doc.paths['/api/channels']!)).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/channels/{name}/test']!)).toEqual(['post']);
  });
});
