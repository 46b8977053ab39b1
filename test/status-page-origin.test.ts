/**
 * `mamori serve` with statusPage.enabled answers the public status page on its own listener: a
 * different origin from the API, which does not serve it, and which it does not serve.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRuntime, type Runtime } from '../src/app/runtime.ts';
import { startServer, type RunningServer } from '../src/app/server.ts';
import { tempDir, testConfig, silentLog } from './helpers.ts';

describe('the status page origin', () => {
  let tmp: ReturnType<typeof tempDir>;
  let runtime: Runtime;
  let server: RunningServer;

  beforeEach(async () => {
    tmp = tempDir('mamori-status-');
    runtime = await openRuntime(
      testConfig(tmp.dir, {
        render: { enabled: false },
        statusPage: { enabled: true, port: 0, organisations: ['open'], title: 'Open status' },
      }),
      silentLog,
    );
    const open = await runtime.store.upsertOrganisation({ slug: 'open', name: 'Open Office' }, 1);
    const closed = await runtime.store.upsertOrganisation({ slug: 'closed', name: 'Closed Office' }, 1);
    await runtime.store.upsertSite({ organisationId: open.id, origin: 'https://open.example', name: 'Open web' }, 1);
    await runtime.store.upsertSite({ organisationId: closed.id, origin: 'https://closed.example' }, 1);
    server = await startServer(runtime, null);
  });

  afterEach(async () => {
    await server.close();
    await runtime.close();
    tmp.remove();
  });

  it('serves the page from its own origin, listing only opted-in organisations', async () => {
    expect(server.statusUrl).not.toBeNull();
    expect(new URL(server.statusUrl!).origin).not.toBe(new URL(server.url).origin);
    const res = await fetch(`${server.statusUrl}/status.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { title: string; organisations: { name: string }[] };
    expect(doc.title).toBe('Open status');
    expect(doc.organisations.map((o) => o.name)).toEqual(['Open Office']);
    expect((await fetch(`${server.statusUrl}/api/health`)).status).toBe(404);
    // The API origin does not serve the status document.
    expect(await (await fetch(`${server.url}/status.json`)).text()).not.toContain('Open status');
  });
});
