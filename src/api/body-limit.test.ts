import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiFixture, type ApiFixture } from './api-test-fixture.ts';
import { ok } from './test-client.ts';
import { signIn, type SignedIn } from './auth-test-support.ts';
import { bodyLimitFor, DEFAULT_BODY_LIMITS, KiB, MiB } from './body-limit.ts';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A body of `size` bytes sent as a stream: no Content-Length, so the limit must count as it reads. */
function streamOf(size: number): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(64 * KiB).fill(0x20);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= size) return controller.close();
      const part = chunk.subarray(0, Math.min(chunk.length, size - sent));
      sent += part.length;
      controller.enqueue(part);
    },
  });
}

/** POSTs `total` bytes chunked (no Content-Length) over a real socket, stopping when the answer comes. */
function chunkedUpload(
  url: string,
  total: number,
  headers: Record<string, string>,
): Promise<{ status: number; body: string; sent: number }> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * KiB, 0x20);
    let sent = 0;
    let answered = false;
    const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } });
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, sent }));
      res.on('error', reject);
    });
    // The server closes the connection after refusing: a write error then is expected, not a failure.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const pump = (): void => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe('request body limits', () => {
  let fx: ApiFixture;
  let admin: SignedIn;
  let server: ServerType;
  let base: string;
  beforeAll(async () => {
    fx = await openApiFixture();
    admin = await signIn(fx.app, fx.auth, { role: 'admin' });
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: fx.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await fx.close();
  });

  it('chooses the small limit for the sign-in routes and the JSON limit elsewhere', () => {
    expect(bodyLimitFor(DEFAULT_BODY_LIMITS, '/api/auth/login')).toBeLessThan(
      bodyLimitFor(DEFAULT_BODY_LIMITS, '/api/targets'),
    );
    expect(bodyLimitFor(DEFAULT_BODY_LIMITS, '/api/authority')).toBe(DEFAULT_BODY_LIMITS.json);
    const larger = { ...DEFAULT_BODY_LIMITS, larger: { '/api/imports': 50 * MiB } };
    expect(bodyLimitFor(larger, '/api/imports/1')).toBe(50 * MiB);
  });

  it('cuts off a 50 MB chunked sign-in body at the limit without holding it', async () => {
    const before = process.memoryUsage().rss;
    const login = await chunkedUpload(`${base}/api/auth/login`, 50 * MiB, {});
    expect(login.status).toBe(413);
    expect(JSON.parse(login.body)).toMatchObject({ error: 'payload_too_large' });
    expect(login.sent).toBeLessThan(50 * MiB);
    const secret = await ok(admin.api.tokens.$post({ json: { name: 'rw', scopes: ['read', 'write'] } }));
    const write = await chunkedUpload(`${base}/api/targets`, 50 * MiB, { authorization: `Bearer ${secret.secret}` });
    expect(write.status).toBe(413);
    // Generous: the point is that 2 × 50 MB was never held, not the exact figure on a loaded machine.
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * MiB);
  });

  it('refuses a declared oversized body before reading it, and takes one under the limit', async () => {
    const big = JSON.stringify({ username: 'x'.repeat(32 * KiB), password: 'y' });
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expect(res.status).toBe(413);
    const ok = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'nobody', password: 'wrong' }),
    });
    expect(ok.status).toBe(401);
  });

  it('answers 413, never 500, to an oversized body on every write route', async () => {
    const seen = new Map<string, { method: string; path: string }>();
    for (const r of fx.app.routes) if (WRITE_METHODS.has(r.method)) seen.set(`${r.method} ${r.path}`, r);
    expect(seen.size).toBeGreaterThan(8);
    const wrong: string[] = [];
    for (const r of seen.values()) {
      const path = r.path.replace(/:\w+/g, '1');
      const limit = bodyLimitFor(DEFAULT_BODY_LIMITS, path);
      const declared = await admin.request(path, {
        method: r.method,
        headers: { 'content-type': 'application/json' },
        body: 'x'.repeat(limit + 1),
      });
      const streamed = await admin.request(path, {
        method: r.method,
        headers: { 'content-type': 'application/json' },
        body: streamOf(limit + 64 * KiB),
        duplex: 'half',
      });
      for (const [how, res] of [
        ['declared', declared],
        ['streamed', streamed],
      ] as const) {
        if (res.status !== 413) wrong.push(`${r.method} ${r.path} (${how}) → ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(fx.errors).toEqual([]);
  });
});
