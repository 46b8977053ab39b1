/** `mamori export stix` end to end on SQLite: real checks of a page that gets defaced, then the export. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRuntime } from '../../app/runtime.ts';
import { loadConfig } from '../../config/load.ts';
import { startHttpServer, type TestServer } from '../../fetch/test-servers.ts';
import { checkBundle } from '../../interop/stix/spec-check.ts';
import type { StixBundle } from '../../interop/stix/types.ts';
import { makeTempDir, type TempDir } from '../../store/test-support.ts';
import { runMamori } from '../run-in-memory.ts';

const mamori = runMamori;

describe('mamori export stix', () => {
  let dir: TempDir;
  let server: TestServer;
  let configFile: string;
  let defaced = false;

  beforeAll(async () => {
    dir = await makeTempDir('mamori-stix-cli-');
    server = await startHttpServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(
        defaced
          ? '<html><head><title>Hacked by Nobody</title></head><body><h1>Hacked by Nobody</h1></body></html>'
          : '<html><head><title>お知らせ</title></head><body><h1>お知らせ</h1><p>市からのお知らせです。</p></body></html>',
      );
    });
    configFile = join(dir.path, 'mamori.yaml');
    await writeFile(
      configFile,
      `dataDir: ./data\ndatabase: { url: "sqlite:./m.db" }\nnetwork: { allowLoopback: true }\npoliteness: { minSpacingMs: 0 }\nrender: { enabled: false }\nlog: { level: silent }\n`,
    );
    const loaded = loadConfig({ file: configFile, env: {} });
    if (!loaded.ok) throw new Error('config');
    const runtime = await openRuntime(loaded.config, pino({ level: 'silent' }));
    try {
      const org = await runtime.store.upsertOrganisation({ slug: 'city', name: 'City' }, Date.now());
      const site = await runtime.store.upsertSite({ organisationId: org.id, origin: server.origin }, Date.now());
      const { page } = await runtime.store.addPage(
        { siteId: site.id, url: `${server.origin}/news/`, source: 'declared' },
        Date.now(),
      );
      for (let i = 0; i < 4; i++) await runtime.checks.checkPage(page.id);
      defaced = true;
      await runtime.checks.checkPage(page.id);
    } finally {
      await runtime.close();
    }
  }, 60_000);

  afterAll(async () => {
    await server.close();
    await dir.remove();
  });

  it('writes a bundle with the incident, the check that saw it and a signature indicator', async () => {
    const out = join(dir.path, 'bundle.json');
    const r = await mamori('-c', configFile, 'export', 'stix', '--from', '0', '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const bundle = JSON.parse(await readFile(out, 'utf8')) as StixBundle;
    expect(r.out).toBe(`wrote ${bundle.objects.length} STIX objects to ${out}`);
    expect(checkBundle(bundle.objects)).toEqual([]);
    expect(bundle.objects.filter((o) => o.type === 'incident').length).toBeGreaterThan(0);
    expect(
      bundle.objects.some((o) => o.type === 'observed-data' && (o.labels as string[]).includes('verdict:tampered')),
    ).toBe(true);
    expect(bundle.objects.filter((o) => o.type === 'indicator').map((o) => o.pattern)).toContain(
      "[artifact:mime_type = 'text/html' AND artifact:payload_bin MATCHES '(?i)hacked by nobody']",
    );
  });

  it('refuses a missing scope and a bad id with exit 2, an unknown incident with exit 1', async () => {
    expect((await mamori('-c', configFile, 'export', 'stix')).code).toBe(2);
    const bad = await mamori('-c', configFile, 'export', 'stix', '--incident', 'x');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--incident must be a positive whole number');
    const unknown = await mamori('-c', configFile, 'export', 'stix', '--incident', '999');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('no incident 999');
  });
});
