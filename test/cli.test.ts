import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli/main.ts';
import type { CliIo } from '../src/cli/io.ts';
import { createDemoEstate } from '../src/demo/estate.ts';
import { startEstateServer, type EstateServer } from '../src/demo/estate-server.ts';
import { DEMO_INCIDENT_TARGETS } from '../src/demo/incidents.ts';
import { tempDir } from './helpers.ts';

function capture(): CliIo & { out_: string[]; err_: string[] } {
  const out_: string[] = [];
  const err_: string[] = [];
  return { out_, err_, out: (t) => out_.push(t), err: (t) => err_.push(t), isTTY: false };
}

async function mamori(...args: string[]) {
  const io = capture();
  const code = await main(['node', 'mamori', ...args], io);
  return { code, out: io.out_.join('\n'), err: io.err_.join('\n') };
}

describe('mamori CLI', () => {
  let tmp: ReturnType<typeof tempDir>;
  let server: EstateServer;

  beforeAll(async () => {
    tmp = tempDir();
    server = await startEstateServer(createDemoEstate());
    process.env.MAMORI_DATA_DIR = join(tmp.dir, 'data');
    process.env.MAMORI_DATABASE_URL = `sqlite:${join(tmp.dir, 'mamori.db')}`;
    process.env.MAMORI_NETWORK_ALLOW_LOOPBACK = 'true';
    process.env.MAMORI_POLITENESS_MIN_SPACING_MS = '0';
  });

  afterAll(async () => {
    for (const k of [
      'MAMORI_DATA_DIR',
      'MAMORI_DATABASE_URL',
      'MAMORI_NETWORK_ALLOW_LOOPBACK',
      'MAMORI_POLITENESS_MIN_SPACING_MS',
    ])
      delete process.env[k];
    await server.close();
    tmp.remove();
  });

  it('prints an empty estate with a hint and exits 0', async () => {
    const r = await mamori('status');
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toContain('mamori import');
  });

  it('imports a URL list, reporting malformed and duplicate lines without failing', async () => {
    const file = join(tmp.dir, 'urls.txt');
    const home = server.urlFor('moj', '/');
    writeFileSync(file, `# watch list\n${home}\nnot a url\n${home}\n${server.urlFor('moj', '/news/')}\n`);
    const r = await mamori('import', file, '--org', 'moj');
    expect(r.code).toBe(0);
    expect(r.out).toContain('2 added, 0 already watched');
    expect(r.out).toMatch(/line 3: malformed/);
    expect(r.out).toMatch(/line 4: duplicate/);
    const again = await mamori('import', file, '--json');
    expect(JSON.parse(again.out)).toMatchObject({ added: 0, existing: 2 });
  });

  it('imports a sitemap over HTTP', async () => {
    const origin = server.sites.find((s) => s.key === 'courts')!.origin;
    const r = await mamori('import', `${origin}/sitemap.xml`, '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { format: string; added: number };
    expect(report.format).toBe('sitemap');
    expect(report.added).toBe(createDemoEstate().sites.find((s) => s.key === 'courts')!.paths.length);
  });

  it('re-reads the imported sitemap with discover: nothing new, exit 0', async () => {
    const origin = server.sites.find((s) => s.key === 'courts')!.origin;
    const r = await mamori('discover', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      sources: [{ ok: true, url: `${origin}/sitemap.xml`, added: 0 }],
      findings: [],
      failed: 0,
    });
    const text = await mamori('discover');
    expect(text.out).toContain('0 findings, 0 pages added, 0 sitemaps unreadable');
  });

  it('answers an unknown --org with exit 2 and the slugs there are, never an empty estate', async () => {
    for (const command of ['status', 'incidents']) {
      const r = await mamori(command, '--org', 'mjo');
      expect(r.code).toBe(2);
      expect(r.err).toContain('no organisation "mjo" (did you mean "moj"?)');
      expect(r.out).not.toContain('estate is empty');
    }
  });

  it('checks one page: 0 when fine, 1 when down, JSON on request', async () => {
    const ok = await mamori('check', server.urlFor('moj', '/'));
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^UNCHANGED {2}http/);
    server.setState({ incidents: { subpageDown: true } });
    const target = DEMO_INCIDENT_TARGETS.subpageDown;
    const down = await mamori('check', server.urlFor(target.siteKey, target.path), '--json');
    server.setState({ incidents: { subpageDown: false } });
    expect(down.code).toBe(1);
    expect(JSON.parse(down.out)).toMatchObject({ outcome: 'http-5xx', httpStatus: 503, verdict: { kind: 'down' } });
  });

  it('answers usage and configuration errors with exit 2 and a clear message', async () => {
    expect((await mamori('check', 'not-a-url')).code).toBe(2);
    expect((await mamori('import', '/nonexistent/list.txt')).err).toContain('no such file');
    expect((await mamori('import', 'x', '--format', 'csv')).code).toBe(2);
    expect((await mamori('frobnicate')).code).toBe(2);
    const badConfig = join(tmp.dir, 'bad.yaml');
    writeFileSync(badConfig, 'server:\n  port: seventy\nfetch:\n  maxRedirect: 3\n');
    const r = await mamori('--config', badConfig, 'status');
    expect(r.code).toBe(2);
    expect(r.err).toContain('server.port');
    expect(r.err).toContain('fetch.maxRedirect');
  });

  it('refuses loopback targets unless allowed, and says which setting allows them', async () => {
    process.env.MAMORI_NETWORK_ALLOW_LOOPBACK = 'false';
    try {
      const r = await mamori('check', server.urlFor('moj', '/'));
      expect(r.code).toBe(2);
      expect(r.out).toContain('network.allowLoopback');
    } finally {
      process.env.MAMORI_NETWORK_ALLOW_LOOPBACK = 'true';
    }
  });
});
