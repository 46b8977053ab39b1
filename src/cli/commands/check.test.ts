/** `mamori check` on a watched page judges it as the watch does: real loopback server, real SQLite store. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRuntime } from '../../app/runtime.ts';
import { ministryPage } from '../../core/testing/fixtures.ts';
import { silentLog, tempDir, testConfig } from '../../../test/helpers.ts';
import type { CliIo } from '../io.ts';
import { runCheck } from './check.ts';

const INTACT = ministryPage({ news: ['令和6年4月1日 お知らせ'] });
const TAMPERED = ministryPage({
  news: ['令和6年4月1日 お知らせ'],
  listExtra: '<li style="display:none"><a href="https://casino-spam.example/">カジノ</a></li>',
});
const ENV = [
  'MAMORI_DATA_DIR',
  'MAMORI_DATABASE_URL',
  'MAMORI_NETWORK_ALLOW_LOOPBACK',
  'MAMORI_POLITENESS_MIN_SPACING_MS',
  'MAMORI_LOG_LEVEL',
  'MAMORI_RENDER_ENABLED',
  'MAMORI_EVIDENCE_ENABLED',
];
/** Static judgement only, on both sides: the rendered review is a later stage that `check` does not run. */
const STATIC_ONLY = { render: { enabled: false }, evidence: { enabled: false } };

function capture(): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (t) => lines.push(t), err: () => undefined, isTTY: false };
}

describe('mamori check on a page already in the estate', () => {
  let tmp: ReturnType<typeof tempDir>;
  let server: Server;
  let elsewhere: Server;
  let origin: string;
  let tamperedNow = false;

  beforeAll(async () => {
    tmp = tempDir();
    server = createServer((req, res) => {
      if (req.url === '/moved') {
        // Another loopback address: another site as far as the watch can tell.
        res.writeHead(302, { location: `http://127.0.0.2:${(elsewhere.address() as AddressInfo).port}/` }).end();
        return;
      }
      const body = req.url === '/later' && tamperedNow ? TAMPERED : INTACT;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    elsewhere = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><h1>Parked</h1></body></html>'),
    );
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.2', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    Object.assign(process.env, {
      MAMORI_DATA_DIR: join(tmp.dir, 'data'),
      MAMORI_DATABASE_URL: `sqlite:${join(tmp.dir, 'mamori.db')}`,
      MAMORI_NETWORK_ALLOW_LOOPBACK: 'true',
      MAMORI_POLITENESS_MIN_SPACING_MS: '0',
      MAMORI_LOG_LEVEL: 'silent',
      MAMORI_RENDER_ENABLED: 'false',
      MAMORI_EVIDENCE_ENABLED: 'false',
    });
  });

  afterAll(async () => {
    for (const k of ENV) delete process.env[k];
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await new Promise<void>((resolve) => elsewhere.close(() => resolve()));
    tmp.remove();
  });

  /** Watch each path a few times, as the scheduler would, and return the last stored verdict of each. */
  async function watch(paths: string[], times: number): Promise<Map<string, string>> {
    const runtime = await openRuntime(testConfig(tmp.dir, STATIC_ONLY), silentLog);
    try {
      const org = await runtime.store.upsertOrganisation({ slug: 'moj', name: 'MoJ' }, 1);
      const site = await runtime.store.upsertSite({ organisationId: org.id, origin, name: 'moj' }, 1);
      const verdicts = new Map<string, string>();
      for (const path of paths) {
        const { page } = await runtime.store.addPage(
          { siteId: site.id, url: `${origin}${path}`, source: 'declared' },
          1,
        );
        for (let i = 0; i < times; i++)
          verdicts.set(path, (await runtime.checks.checkPage(page.id))?.assessment.verdict.kind ?? 'none');
      }
      return verdicts;
    } finally {
      await runtime.close();
    }
  }

  async function check(path: string): Promise<{ code: number; kind: string; codes: string[] }> {
    const io = capture();
    const code = await runCheck(`${origin}${path}`, { json: true }, io);
    const report = JSON.parse(io.lines.join('')) as { verdict: { kind: string; reasons: Array<{ code: string }> } };
    return { code, kind: report.verdict.kind, codes: report.verdict.reasons.map((r) => r.code) };
  }

  it('calls an intact page what the watch calls it, not a replaced one', async () => {
    const watched = await watch(['/'], 4);
    expect(watched.get('/')).toBe('unchanged');
    const checked = await check('/');
    expect(checked).toMatchObject({ code: 0, kind: 'unchanged' });
    expect(checked.codes).not.toContain('page-replaced');
  });

  it('keeps a standing alarm and an off-site redirect as the watch judged them', async () => {
    const watched = await watch(['/moved', '/later'], 3);
    tamperedNow = true;
    const runtime = await openRuntime(testConfig(tmp.dir, STATIC_ONLY), silentLog);
    try {
      const page = await runtime.store.getPageByUrl(`${origin}/later`);
      watched.set('/later', (await runtime.checks.checkPage(page!.id))?.assessment.verdict.kind ?? 'none');
    } finally {
      await runtime.close();
    }
    expect(watched.get('/moved')).toBe('tampered');
    expect(watched.get('/later')).toBe('tampered');
    const moved = await check('/moved');
    expect(moved).toMatchObject({ code: 1, kind: 'tampered' });
    expect(moved.codes).toContain('redirect-offsite');
    const later = await check('/later');
    expect(later).toMatchObject({ code: 1, kind: 'tampered' });
    expect(later.codes).toContain('hidden-external-link');
  }, 60_000);
});
