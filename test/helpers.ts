import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import pino from 'pino';
import { loadConfig } from '../src/config/load.ts';
import type { ConfigOverrides, MamoriConfig } from '../src/config/schema.ts';

/** A throwaway directory for one test's database and blobs. */
export function tempDir(prefix = 'mamori-test-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A validated config for tests: loopback allowed, no politeness delay, everything else from overrides. */
export function testConfig(dir: string, overrides: ConfigOverrides = {}): MamoriConfig {
  const result = loadConfig({
    env: {},
    cwd: dir, // no mamori.yaml there: defaults, then the overrides
    overrides: {
      database: { url: `sqlite:${join(dir, 'mamori.db')}` },
      dataDir: join(dir, 'data'),
      log: { level: 'silent' },
      network: { allowLoopback: true },
      politeness: { perHostConcurrency: 4, minSpacingMs: 0 },
      server: { port: 0 },
      ...overrides,
    },
  });
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return result.config;
}

export const silentLog = pino({ level: 'silent' });

/** A port nobody listens on yet (for a receiver that comes up later, after a restart). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
