/**
 * The evidence commands end to end on SQLite: a real check of a defaced fixture page writes evidence,
 * then verify, log, export, hold and release run through the CLI with a config file.
 */
import { execFile } from 'node:child_process';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { openRuntime } from '../../app/runtime.ts';
import { loadConfig } from '../../config/load.ts';
import { closedPort, startHttpServer, type TestServer } from '../../fetch/test-servers.ts';
import { startTestTsa } from '../../evidence/test-tsa.ts';
import { makeTempDir, type TempDir } from '../../store/test-support.ts';
import { openDatabase } from '../../store/database.ts';
import { sql } from 'kysely';
import { runMamori } from '../run-in-memory.ts';

const run = promisify(execFile);

const mamori = runMamori;

describe('mamori evidence', () => {
  let dir: TempDir;
  let server: TestServer;
  let configFile: string;
  let pageUrl: string;
  let defaced = false;

  beforeAll(async () => {
    dir = await makeTempDir('mamori-evidence-cli-');
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
      `dataDir: ./data\ndatabase: { url: "sqlite:./m.db" }\nnetwork: { allowLoopback: true }\npoliteness: { minSpacingMs: 0 }\nlog: { level: silent }\n`,
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
      pageUrl = page.url;
      for (let i = 0; i < 4; i++) await runtime.checks.checkPage(page.id);
      defaced = true;
      await runtime.checks.checkPage(page.id);
    } finally {
      await runtime.close();
    }
    // Five real checks and a migration: slow on a busy machine.
  }, 60_000);

  afterAll(async () => {
    await server.close();
    await dir.remove();
  });

  it('verify reports an intact ledger and exits 0', async () => {
    const r = await mamori('-c', configFile, 'evidence', 'verify');
    expect(r.err).toBe('');
    expect(r.out).toMatch(/Ledger: 2 entries, chain intact from #1 to #2/);
    expect(r.out).toContain('Evidence verified');
    expect(r.code).toBe(0);
  });

  it('log lists the captures', async () => {
    const r = await mamori('-c', configFile, 'evidence', 'log', '--page', pageUrl);
    expect(r.out).toMatch(/#1 .* capture +.* first: unchanged, from 127\.0\.0\.1/);
    expect(r.out).toMatch(/#2 .* capture +.* tampered: tampered, from 127\.0\.0\.1/);
  });

  it('export writes a bundle that sha256sum accepts, and refuses bad input with exit 2', async () => {
    const out = join(dir.path, 'bundle');
    const r = await mamori(
      '-c',
      configFile,
      'evidence',
      'export',
      '--page',
      pageUrl,
      '--from',
      '2020-01-01',
      '--out',
      out,
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Exported 2 capture(s)');
    await run('sha256sum', ['--quiet', '-c', 'manifest.sha256'], { cwd: out });
    expect(await readFile(join(out, 'report.md'), 'utf8')).toContain('Mamori attests to what it received');

    expect(
      await mamori('-c', configFile, 'evidence', 'export', '--incident', '999', '--out', join(dir.path, 'b2')),
    ).toMatchObject({ code: 2, err: expect.stringContaining('There is no incident "999"') as string });
    expect(
      await mamori(
        '-c',
        configFile,
        'evidence',
        'export',
        '--page',
        pageUrl,
        '--from',
        'yesterday',
        '--out',
        join(dir.path, 'b3'),
      ),
    ).toMatchObject({ code: 2, err: expect.stringContaining('--from') as string });
    expect((await mamori('-c', configFile, 'evidence', 'export', '--out', join(dir.path, 'b4'))).code).toBe(2);
    expect(
      (await mamori('-c', configFile, 'evidence', 'export', '--page', pageUrl, '--from', '2020-01-01', '--out', out))
        .code,
    ).toBe(2);
    expect(
      (
        await mamori(
          '-c',
          configFile,
          'evidence',
          'export',
          '--page',
          pageUrl,
          '--to',
          '2020-01-01',
          '--out',
          join(dir.path, 'b5'),
        )
      ).code,
    ).toBe(1);
  });

  it('hold, holds and release', async () => {
    const placed = await mamori(
      '-c',
      configFile,
      'evidence',
      'hold',
      '--page',
      pageUrl,
      '--reason',
      'police request',
      '--subject',
      'case:2026-1',
    );
    expect(placed).toMatchObject({ code: 0, out: expect.stringMatching(/^Hold #1 placed/) as string });
    expect((await mamori('-c', configFile, 'evidence', 'holds')).out).toContain('case:2026-1');
    expect((await mamori('-c', configFile, 'evidence', 'release', '1')).code).toBe(0);
    expect((await mamori('-c', configFile, 'evidence', 'release', '1')).code).toBe(2);
    expect((await mamori('-c', configFile, 'evidence', 'holds')).out).toBe('No open legal holds.');
  });

  it('timestamp stamps the head with the configured TSA, or says why not', async () => {
    expect(await mamori('-c', configFile, 'evidence', 'timestamp')).toMatchObject({
      code: 2,
      err: expect.stringContaining('set evidence.tsaUrl') as string,
    });
    const tsa = await startTestTsa();
    try {
      const withTsa = join(dir.path, 'with-tsa.yaml');
      await writeFile(withTsa, (await readFile(configFile, 'utf8')) + `evidence: { tsaUrl: "${tsa.url}" }\n`);
      const r = await mamori('-c', withTsa, 'evidence', 'timestamp');
      expect(r).toMatchObject({
        code: 0,
        out: expect.stringMatching(
          /^Ledger entry #\d+ stamped by http:\/\/127\.0\.0\.1:\d+\/tsa \(ledger entry #\d+\)\.$/,
        ) as string,
      });
      expect((await mamori('-c', withTsa, 'evidence', 'timestamp')).out).toBe('Nothing new since the last time stamp.');
      expect((await mamori('-c', withTsa, 'evidence', 'log', '--limit', '1')).out).toMatch(/timestamp +of #\d+/);
      await writeFile(
        withTsa,
        (await readFile(configFile, 'utf8')) + `evidence: { tsaUrl: "http://127.0.0.1:${await closedPort()}/" }\n`,
      );
      await mamori('-c', withTsa, 'evidence', 'hold', '--reason', 'x');
      expect(await mamori('-c', withTsa, 'evidence', 'timestamp')).toMatchObject({
        code: 1,
        err: expect.stringContaining('cannot reach the TSA') as string,
      });
    } finally {
      await tsa.close();
    }
  }, 30_000);

  it('anchor exports the head; verify holds the ledger to it and to the anchor log, and names deleted newest entries', async () => {
    const out = join(dir.path, 'anchor.json');
    const a = await mamori('-c', configFile, 'evidence', 'anchor', '--out', out, '--json');
    expect(a.code).toBe(0);
    const anchor = JSON.parse(await readFile(out, 'utf8')) as { seq: number; entryHash: string };
    expect(JSON.parse(a.out)).toEqual(anchor);
    expect((await mamori('-c', configFile, 'evidence', 'anchor', '--out', out)).code).toBe(2);
    expect((await mamori('-c', configFile, 'evidence', 'verify', '--anchor', out)).code).toBe(0);
    expect((await mamori('-c', configFile, 'evidence', 'verify', '--anchor', join(dir.path, 'nope.json'))).code).toBe(
      2,
    );

    const handle = openDatabase(`sqlite:${join(dir.path, 'm.db')}`);
    try {
      await sql`delete from evidence_ledger where seq = ${anchor.seq}`.execute(handle.db);
    } finally {
      await handle.db.destroy();
    }
    const r = await mamori('-c', configFile, 'evidence', 'verify', '--anchor', out);
    expect(r.code).toBe(1);
    expect(r.out).toContain('END CUT');
    expect(r.out).toContain(`entries deleted after #${anchor.seq - 1}`);
    expect(r.out).toContain('the anchor log');
    expect(r.out).toContain(`the anchor ${out}`);
  });

  it('verify names a damaged file and exits 1', async () => {
    const r0 = await mamori('-c', configFile, 'evidence', 'log', '--json');
    const entries = JSON.parse(r0.out) as { kind: string; evidenceSha256: string | null }[];
    const warc = entries.find((e) => e.kind === 'capture')!.evidenceSha256!;
    const path = join(dir.path, 'data', 'evidence', warc.slice(0, 2), warc.slice(2, 4), warc);
    const bytes = await readFile(path);
    bytes[10] = bytes[10]! ^ 0xff;
    await writeFile(path, bytes);
    const r = await mamori('-c', configFile, 'evidence', 'verify');
    expect(r.code).toBe(1);
    expect(r.out).toContain(`CORRUPTED warc`);
    expect(r.out).toContain(path);
  });

  it('verify refuses a database that does not exist, exits non-zero and creates nothing', async () => {
    const elsewhere = join(dir.path, 'elsewhere');
    await mkdir(elsewhere);
    const missing = join(elsewhere, 'db', 'missing.db');
    const cfg = join(elsewhere, 'mamori.yaml');
    await writeFile(cfg, `dataDir: ./data\ndatabase: { url: "sqlite:${missing}" }\nlog: { level: silent }\n`);
    const r = await mamori('-c', cfg, 'evidence', 'verify');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain(missing);
    expect(r.err).toContain('does not exist');
    expect(r.out).not.toContain('intact');
    await expect(access(join(elsewhere, 'db'))).rejects.toThrow();
    await expect(access(join(elsewhere, 'data'))).rejects.toThrow();
  });
});
