import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createDemoEstate } from '../src/demo/estate.ts';
import { startEstateServer, type EstateServer } from '../src/demo/estate-server.ts';
import { demoEstateConfig } from '../src/demo/demo-config.ts';
import { openStore } from '../src/store/open-store.ts';
import { tempDir } from './helpers.ts';

const BIN = new URL('../bin/mamori.js', import.meta.url).pathname;

interface Served {
  child: ChildProcess;
  api: string;
  exited: Promise<number | null>;
}

/** Start `mamori serve` as a real process and wait until its API answers. */
async function serve(cwd: string): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MAMORI_LOG_LEVEL: 'warn' },
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  const api = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const m = /API on (http:\/\/[\d.:]+)\/api/.exec(stderr);
      if (m?.[1]) resolve(m[1]);
    });
    void exited.then((code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  return { child, api, exited };
}

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const ADMIN_PASSWORD = 'serve-test-password';

/** Signs in as the admin created at first start (auth.adminPassword) and returns the session cookie. */
async function signIn(api: string): Promise<string> {
  const res = await fetch(`${api}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login answered ${res.status}`);
  return /mamori_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
}

async function json<T>(url: string, cookie?: string): Promise<T> {
  const res = await fetch(url, cookie ? { headers: { cookie } } : {});
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  return (await res.json()) as T;
}

describe('mamori serve as a process', () => {
  const estate = createDemoEstate();
  let server: EstateServer;
  let tmp: ReturnType<typeof tempDir>;

  beforeAll(async () => {
    server = await startEstateServer(estate);
    tmp = tempDir();
    const config = {
      database: { url: 'sqlite:./mamori.db' },
      network: { allowLoopback: true },
      politeness: { perHostConcurrency: 4, minSpacingMs: 0 },
      scheduler: { defaultIntervalSeconds: 5, tickMs: 100 },
      estate: demoEstateConfig(estate, server, 5),
      auth: { adminPassword: ADMIN_PASSWORD },
    };
    writeFileSync(join(tmp.dir, 'mamori.yaml'), stringify(config));
  });

  afterAll(async () => {
    await server?.close();
    tmp?.remove();
  });

  it('watches the estate, survives being killed, and resumes from what it stored', async () => {
    const pageCount = estate.sites.reduce((n, s) => n + s.paths.length, 0);
    const first = await serve(tmp.dir);
    const health = await json<{ status: string; database: string; scheduler: { pages: number } }>(
      `${first.api}/api/health`,
    );
    expect(health).toMatchObject({ status: 'ok', database: 'sqlite', scheduler: { pages: pageCount } });
    expect((await fetch(`${first.api}/api/summary`)).status).toBe(401);
    const cookie = await signIn(first.api);
    await until('every page checked once', async () => {
      const summary = await json<{ total: number; byStatus: Record<string, number> }>(
        `${first.api}/api/summary`,
        cookie,
      );
      return summary.total === pageCount && summary.byStatus.pending === 0;
    });
    first.child.kill('SIGKILL');
    await first.exited;

    const store = await openStore({ url: `sqlite:${join(tmp.dir, 'mamori.db')}` });
    const pages = (await store.listPages({ limit: 1000 })).items;
    expect(pages).toHaveLength(pageCount);
    const before = new Map<number, number>();
    // Checks, not rows: identical unchanged checks are counted in one row (seenCount).
    const checksOf = (rows: readonly { seenCount: number }[]): number => rows.reduce((n, r) => n + r.seenCount, 0);
    for (const p of pages) before.set(p.id, checksOf(await store.listChecks(p.id, { limit: 1000 })));
    expect([...before.values()].every((n) => n >= 1)).toBe(true);
    await store.close();

    const second = await serve(tmp.dir);
    const probe = pages[0]!;
    // Sessions are in the database: the one from before the restart still works.
    const cookie2 = cookie;
    await until('checks to resume after the restart', async () => {
      const checks = await json<{ items: { seenCount: number }[] }>(
        `${second.api}/api/pages/${probe.id}/checks?limit=500`,
        cookie2,
      );
      return checksOf(checks.items) > before.get(probe.id)!;
    });
    const list = await json<{ total: number }>(`${second.api}/api/pages?limit=1`, cookie2);
    expect(list.total).toBe(pageCount); // the config was applied again without duplicating pages
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 90_000);
});
