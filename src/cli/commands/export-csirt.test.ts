/** `mamori export misp` and `mamori export thehive` end to end on SQLite: real checks of a page that gets defaced. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRuntime } from '../../app/runtime.ts';
import { loadConfig } from '../../config/load.ts';
import { startHttpServer, type TestServer } from '../../fetch/test-servers.ts';
import { checkMispEvent } from '../../interop/misp/test-misp-check.ts';
import type { MispEvent } from '../../interop/misp/types.ts';
import { startTheHiveReceiver, type TheHiveReceiver } from '../../interop/thehive/test-thehive-receiver.ts';
import { makeTempDir, type TempDir } from '../../store/test-support.ts';
import { runMamori as mamori } from '../run-in-memory.ts';

const KEY = 'cli-test-thehive-key';

describe('mamori export misp and thehive', () => {
  let dir: TempDir;
  let server: TestServer;
  let hive: TheHiveReceiver;
  let configFile: string;
  let incidentId = 0;
  let defaced = false;

  beforeAll(async () => {
    dir = await makeTempDir('mamori-csirt-cli-');
    hive = await startTheHiveReceiver({ apiKey: KEY, organisation: 'cert' });
    server = await startHttpServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(
        defaced
          ? '<html><head><title>Hacked by Nobody</title></head><body><h1>Hacked by Nobody</h1><script src="https://evil-cdn.example.net/x.js"></script></body></html>'
          : '<html><head><title>お知らせ</title></head><body><h1>お知らせ</h1><p>市からのお知らせです。</p></body></html>',
      );
    });
    configFile = join(dir.path, 'mamori.yaml');
    const base = `dataDir: ./data\ndatabase: { url: "sqlite:./m.db" }\nnetwork: { allowLoopback: true }\npoliteness: { minSpacingMs: 0 }\nrender: { enabled: false }\nlog: { level: silent }\n`;
    await writeFile(
      configFile,
      `${base}exports: { tlp: green, misp: { orgName: "CSIRT Test" }, thehive: { url: "${hive.url}", apiKey: "${KEY}", organisation: cert, retries: 0 } }\n`,
    );
    await writeFile(join(dir.path, 'no-hive.yaml'), base);
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
      const incidents = await runtime.incidents.store.list({ limit: 10 });
      incidentId = incidents.find((i) => i.scope === 'page')?.id ?? incidents[0]!.id;
    } finally {
      await runtime.close();
    }
  }, 60_000);

  afterAll(async () => {
    await server.close();
    await hive.close();
    await dir.remove();
  });

  it('writes a MISP event that follows the core format, with the check as objects', async () => {
    const out = join(dir.path, 'event.json');
    const r = await mamori('-c', configFile, 'export', 'misp', '--incident', String(incidentId), '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const event = JSON.parse(await readFile(out, 'utf8')) as MispEvent;
    expect(r.out).toBe(
      `wrote a MISP event with ${event.Event.attribute_count} attributes (${event.Event.Object.length} objects) to ${out}`,
    );
    expect(checkMispEvent(event)).toEqual([]);
    expect(event.Event.Orgc.name).toBe('CSIRT Test');
    expect(event.Event.Tag.map((t) => t.name)).toContain('tlp:green');
    const urls = event.Event.Object.filter((o) => o.name === 'url').flatMap((o) =>
      o.Attribute.filter((a) => a.object_relation === 'url').map((a) => a.value),
    );
    expect(urls).toContain(`${server.origin}/news/`);
    expect(event.Event.Object.some((o) => o.name === 'file' && o.Attribute.some((a) => a.type === 'sha256'))).toBe(
      true,
    );
  });

  it('pushes the incident to TheHive as a case with its observables', async () => {
    const r = await mamori('-c', configFile, 'export', 'thehive', '--incident', String(incidentId));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(hive.problems).toEqual([]);
    expect(hive.cases).toHaveLength(1);
    expect(hive.cases[0]).toMatchObject({
      tlp: 1,
      pap: 2,
      tags: expect.arrayContaining([`mamori:incident=${incidentId}`]) as string[],
    });
    expect(r.out).toMatch(
      new RegExp(`^created TheHive case #1 \\(~\\d+\\) with ${hive.observables.length} observables$`),
    );
    expect(hive.observables.map((o) => o.body.dataType)).toEqual(expect.arrayContaining(['url', 'hash']));
    expect(hive.requests.every((q) => q.authorization === `Bearer ${KEY}` && q.organisation === 'cert')).toBe(true);
  });

  it('says what to do when TheHive is not configured, unavailable, or the incident is unknown', async () => {
    const none = await mamori(
      '-c',
      join(dir.path, 'no-hive.yaml'),
      'export',
      'thehive',
      '--incident',
      String(incidentId),
    );
    expect(none.code).toBe(2);
    expect(none.err).toContain('MAMORI_EXPORTS_THEHIVE_API_KEY');
    hive.failNext(1);
    const down = await mamori('-c', configFile, 'export', 'thehive', '--incident', String(incidentId));
    expect(down.code).toBe(1);
    expect(down.err).toMatch(/TheHive is unavailable \(HTTP 503.*Try again later\.$/s);
    const unknown = await mamori('-c', configFile, 'export', 'thehive', '--incident', '999');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('no incident 999');
    expect((await mamori('-c', configFile, 'export', 'misp')).code).toBe(2);
  });
});
