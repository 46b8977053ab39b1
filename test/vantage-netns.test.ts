/**
 * Several vantage points end to end (issue 20): a real `mamori serve` in one network namespace and a
 * real `mamori probe` in another, joined by a veth pair; the test site answers the probe's address
 * differently from the server's. The probe confirms a down page (it pages) and disagrees on a cloaked
 * one (it pages with the vantage-cloaking reason). Every address is inside namespaces this test makes;
 * the host's own network is not touched.
 *
 * Needs root and `ip netns` (Linux): skipped with a message without them, except under CI=true.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { AuthStore } from '../src/auth/auth-store.ts';
import { TokenStore } from '../src/auth/token-store.ts';
import { IncidentStore } from '../src/incidents/incident-store.ts';
import { openStoreWithHandle } from '../src/store/open-store.ts';
import { VantageReportStore } from '../src/vantage/vantage-report-store.ts';
import { tempDir } from './helpers.ts';

const BIN = new URL('../bin/mamori.js', import.meta.url).pathname;
const WEB = new URL('./vantage-web-child.ts', import.meta.url).pathname;
const CI = process.env.CI === 'true' || process.env.CI === '1';

function netnsProblem(): string | null {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root';
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
    return null;
  } catch {
    return '`ip netns` is not available';
  }
}

const problem = netnsProblem();
if (problem && CI) throw new Error(`the network-namespace test must run under CI, but: ${problem}`);
if (problem) console.warn(`skipping test/vantage-netns.test.ts: ${problem} (it needs root and ip netns)`);

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });

interface Child {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Runs `argv` inside namespace `ns` and waits until its output matches `ready`. */
async function inNamespace(
  ns: string,
  argv: string[],
  ready: RegExp,
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<Child> {
  const child = spawn('ip', ['netns', 'exec', ns, ...argv], {
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MAMORI_LOG_LEVEL: 'info', ...options.env },
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${argv.join(' ')} did not start:\n${output}`)), 120_000);
    const look = () => {
      if (!ready.test(output)) return;
      clearTimeout(timer);
      resolve();
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${argv.join(' ')} exited before it was ready:\n${output}`));
    });
  });
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

async function until<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs: number,
  log: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // The server writes the same SQLite file: a read that meets its write lock is tried again.
    const value = await fn().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n--- output ---\n${log().slice(-6000)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe.skipIf(problem !== null)('vantage points in network namespaces', () => {
  const id = randomBytes(3).toString('hex');
  const home = `mv-${id}-home`;
  const away = `mv-${id}-away`;
  const net = `10.231.${randomBytes(1)[0]! % 250}`;
  const homeAddress = `${net}.1`;
  const probeAddress = `${net}.2`;
  const webPort = 18_000 + Math.floor(Math.random() * 2_000);
  const apiPort = webPort + 2_100;
  const children: Child[] = [];
  let tmp: ReturnType<typeof tempDir>;
  let modeFile: string;
  const setMode = (mode: Record<string, string>) => writeFileSync(modeFile, JSON.stringify(mode));
  const output = () => children.map((c) => c.output()).join('\n---\n');

  beforeAll(async () => {
    tmp = tempDir('mamori-vantage-');
    modeFile = join(tmp.dir, 'mode.json');
    setMode({});
    ip('netns', 'add', home);
    ip('netns', 'add', away);
    ip('link', 'add', `vh${id}`, 'netns', home, 'type', 'veth', 'peer', 'name', `va${id}`, 'netns', away);
    ip('-n', home, 'addr', 'add', `${homeAddress}/24`, 'dev', `vh${id}`);
    ip('-n', away, 'addr', 'add', `${probeAddress}/24`, 'dev', `va${id}`);
    for (const [ns, dev] of [
      [home, `vh${id}`],
      [away, `va${id}`],
    ] as const) {
      ip('-n', ns, 'link', 'set', 'lo', 'up');
      ip('-n', ns, 'link', 'set', dev, 'up');
    }
    children.push(
      await inNamespace(
        home,
        [process.execPath, '--import', 'tsx', WEB, homeAddress, String(webPort), probeAddress, modeFile],
        /ready/,
        {
          cwd: process.cwd(),
        },
      ),
    );

    // The probe's token, minted before the server starts (the test cannot reach the server's API
    // from the host's namespace): a probe token's name is the vantage it speaks for.
    const serverDir = join(tmp.dir, 'server');
    mkdirSync(serverDir);
    const { store, handle } = await openStoreWithHandle({ url: `sqlite:${join(serverDir, 'mamori.db')}` });
    await store.migrate();
    const owner = await new AuthStore(handle).addUser(
      { username: 'ops', role: 'admin', organisationIds: [], password: 'vantage-test-password' },
      Date.now(),
    );
    const { secret } = await new TokenStore(handle).create(
      { userId: owner.id, name: 'osaka', scopes: ['probe'], expiresAt: null },
      Date.now(),
    );
    await store.close();

    const common = {
      network: { allowCidrs: [`${net}.0/24`] },
      politeness: { perHostConcurrency: 4, minSpacingMs: 0 },
      baseline: { minSamples: 2 },
      render: { enabled: false },
    };
    const origin = `http://${homeAddress}:${webPort}`;
    writeFileSync(
      join(serverDir, 'mamori.yaml'),
      stringify({
        ...common,
        database: { url: 'sqlite:./mamori.db' },
        dataDir: './data',
        server: { host: homeAddress, port: apiPort },
        scheduler: { defaultIntervalSeconds: 5, tickMs: 100, jitterRatio: 0 },
        vantage: { name: 'home', probes: ['osaka'], confirm: 'any', leaseSeconds: 60 },
        estate: {
          organisations: [
            {
              slug: 'city',
              name: 'City',
              sites: [{ origin, name: 'city', pages: [`${origin}/outage`, `${origin}/cloaked`] }],
            },
          ],
        },
      }),
    );
    children.push(await inNamespace(home, [process.execPath, BIN, 'serve'], /API on http/, { cwd: serverDir }));
    const probeDir = join(tmp.dir, 'probe');
    mkdirSync(probeDir);
    writeFileSync(join(probeDir, 'mamori.yaml'), stringify(common));
    children.push(
      await inNamespace(
        away,
        [process.execPath, BIN, 'probe', '--api', `http://${homeAddress}:${apiPort}`, '--vantage', 'osaka'],
        /Mamori probe for vantage osaka/,
        { cwd: probeDir, env: { MAMORI_VANTAGE_PROBE_TOKEN: secret } },
      ),
    );
  }, 300_000);

  afterAll(async () => {
    for (const c of children.reverse()) await c.stop();
    for (const ns of [home, away]) {
      try {
        ip('netns', 'del', ns);
      } catch {
        // Not made (setup failed early): nothing to remove.
      }
    }
    tmp?.remove();
  }, 60_000);

  it('confirms a down page from the second namespace and pages; a page cloaked by address pages as vantage cloaking', async () => {
    const dbUrl = `sqlite:${join(tmp.dir, 'server', 'mamori.db')}`;
    const { store, handle } = await openStoreWithHandle({ url: dbUrl });
    try {
      const incidents = new IncidentStore(handle);
      const reports = new VantageReportStore(handle);
      const pages = await until(
        'both pages to have a trusted baseline',
        async () => {
          const { items } = await store.listPages({ limit: 10 });
          const learnt = items.filter((p) => (p.baseline?.samples ?? 0) >= 2 && p.status === 'unchanged');
          return learnt.length === 2 ? items : null;
        },
        180_000,
        output,
      );
      const outage = pages.find((p) => p.url.endsWith('/outage'))!;
      const cloaked = pages.find((p) => p.url.endsWith('/cloaked'))!;

      setMode({ outage: 'down' });
      const down = await until(
        'a down incident on the page the probe confirmed',
        async () => (await incidents.list({ limit: 20 })).find((i) => i.pageId === outage.id && i.kind === 'down'),
        180_000,
        output,
      );
      expect(down.scope).toBe('page');
      const seen = await reports.agreement(outage.id);
      expect(seen.find((r) => r.vantage === 'osaka')?.verdict).toBe('down');

      setMode({ outage: 'down', cloaked: 'cloak' });
      const cloaking = await until(
        'an incident on the cloaked page with the vantage-cloaking reason',
        async () =>
          (await incidents.list({ limit: 20 })).find(
            (i) => i.pageId === cloaked.id && i.reasonCodes.includes('vantage-cloaking'),
          ),
        180_000,
        output,
      );
      expect(cloaking.kind).toBe('tampered');
      const views = await reports.agreement(cloaked.id);
      expect(views.find((r) => r.vantage === 'home')?.verdict).toBe('tampered');
      expect(['unchanged', 'changed']).toContain(views.find((r) => r.vantage === 'osaka')?.verdict);
    } finally {
      await store.close();
    }
  }, 600_000);
});
