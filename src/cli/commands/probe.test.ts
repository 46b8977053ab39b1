/** `mamori probe`: its usage errors, and a real API on loopback refusing a token that is not a probe's. */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createApi } from '../../api/app.ts';
import { AuthStore } from '../../auth/auth-store.ts';
import { TokenStore } from '../../auth/token-store.ts';
import { openStoreWithHandle } from '../../store/open-store.ts';
import type { EstateStore } from '../../store/types.ts';
import { silentLog, tempDir } from '../../../test/helpers.ts';
import type { CliIo } from '../io.ts';
import { ProbeService } from '../../vantage/probe-service.ts';
import { VantageJobStore } from '../../vantage/vantage-job-store.ts';
import { VantageReportStore } from '../../vantage/vantage-report-store.ts';
import { runProbe } from './probe.ts';

function capture(): CliIo & { errors: string[] } {
  const errors: string[] = [];
  return { errors, out: () => undefined, err: (t) => errors.push(t), isTTY: false };
}

describe('mamori probe', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: EstateStore;
  let server: ServerType;
  let api: string;
  let readToken: string;

  beforeAll(async () => {
    tmp = tempDir();
    const opened = await openStoreWithHandle({ url: `sqlite:${join(tmp.dir, 'api.db')}` });
    store = opened.store;
    await store.migrate();
    const auth = new AuthStore(opened.handle);
    const tokens = new TokenStore(opened.handle);
    const owner = await auth.addUser(
      { username: 'ops', role: 'admin', organisationIds: [], password: 'probe-test-password' },
      Date.now(),
    );
    readToken = (
      await tokens.create({ userId: owner.id, name: 'osaka', scopes: ['read'], expiresAt: null }, Date.now())
    ).secret;
    const app = createApi({
      store,
      version: 't',
      now: () => Date.now(),
      log: silentLog,
      auth: { store: auth, sessionTtlMs: 3_600_000, cookieSecure: false, tokens },
      probe: {
        probes: new ProbeService({
          jobs: new VantageJobStore(opened.handle),
          reports: new VantageReportStore(opened.handle),
          store,
          probes: ['osaka'],
          leaseMs: 60_000,
          now: () => Date.now(),
        }),
        tokenName: async (id) => (await tokens.get(id))?.name ?? null,
      },
    });
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await store.close();
    tmp.remove();
  });

  const configWith = (vantage: Record<string, unknown>) => {
    const file = join(tmp.dir, `probe-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, stringify({ network: { allowLoopback: true }, vantage }));
    return file;
  };

  it('needs a probe token and a URL for the server', async () => {
    const io = capture();
    expect(await runProbe({ config: configWith({}), api, vantage: 'osaka' }, io, new Promise(() => undefined))).toBe(2);
    expect(io.errors.join('\n')).toMatch(/vantage\.probeToken/);
    const bad = capture();
    const file = configWith({ probeToken: 'mmr_x' });
    expect(
      await runProbe({ config: file, api: 'not a url', vantage: 'osaka' }, bad, new Promise(() => undefined)),
    ).toBe(2);
    expect(bad.errors.join('\n')).toMatch(/--api/);
  });

  it('stops with a usage error when the server refuses its token (here one without the probe scope)', async () => {
    const io = capture();
    const code = await runProbe(
      { config: configWith({ probeToken: readToken }), api, vantage: 'osaka' },
      io,
      new Promise(() => undefined),
    );
    expect(code).toBe(2);
    expect(io.errors.join('\n')).toMatch(/refused the probe \(403\)/);
  });
});
