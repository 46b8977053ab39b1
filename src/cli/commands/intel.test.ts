/** `mamori threats` and `mamori claim` end to end on SQLite, with a loopback site that gets defaced. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type TestServer } from '../../fetch/test-servers.ts';
import { makeTempDir, type TempDir } from '../../store/test-support.ts';
import { runMamori } from '../run-in-memory.ts';

const mamori = runMamori;

describe('mamori threats and mamori claim', () => {
  let dir: TempDir;
  let server: TestServer;
  let config: string;
  let defaced = false;

  beforeAll(async () => {
    dir = await makeTempDir('mamori-intel-cli-');
    server = await startHttpServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(
        defaced
          ? '<html><head><title>Hacked by Nobody</title></head><body><h1>Hacked by Nobody</h1><p>Greetz</p></body></html>'
          : '<html><head><title>お知らせ</title></head><body><h1>お知らせ</h1><p>市からのお知らせです。</p></body></html>',
      );
    });
    config = join(dir.path, 'mamori.yaml');
    await writeFile(
      config,
      [
        'dataDir: ./data',
        'database: { url: "sqlite:./m.db" }',
        'network: { allowLoopback: true }',
        'politeness: { minSpacingMs: 0 }',
        'render: { enabled: false }',
        'log: { level: silent }',
        'baseline: { minSamples: 1 }',
        'estate:',
        '  organisations:',
        '    - slug: city',
        '      name: 横浜市',
        '      aliases: [Yokohama City]',
        '      sites:',
        `        - pages: ["${server.origin}/news/"]`,
        '',
      ].join('\n'),
    );
    await writeFile(join(dir.path, 'announcement.txt'), '#OpHama\nWe will attack Yokohama City next week.\n');
  });
  afterAll(async () => {
    await server.close();
    await dir.remove();
  });

  it('reports an announcement and lists the threat it opened', async () => {
    const none = await mamori('-c', config, 'threats');
    expect(none).toMatchObject({ code: 0, out: 'No threats.' });
    const added = await mamori('-c', config, 'threats', '--add', join(dir.path, 'announcement.txt'));
    expect(added.code).toBe(0);
    expect(added.err).toMatch(/^threat opened: thr-[0-9a-f]{16}\n {2}names 横浜市 by its alias: “Yokohama City”/);
    expect(added.out).toMatch(/#OpHama {2}\(cli\)\n {4}targets: 横浜市 by alias “Yokohama City”/);
    expect((await mamori('-c', config, 'threats', '--add', join(dir.path, 'missing.txt'))).code).toBe(2);
  });

  it('checks a claim now: refuted while the page is intact, confirmed (exit 1) once it is defaced', async () => {
    const url = `${server.origin}/news/`;
    // The page has never been checked: there is no baseline yet to compare with.
    expect((await mamori('-c', config, 'claim', `${url} hacked`)).out).toMatch(
      /^UNVERIFIABLE {2}No learnt baseline yet/,
    );
    const refuted = await mamori('-c', config, 'claim', `${url} hacked`);
    expect(refuted).toMatchObject({ code: 0 });
    expect(refuted.out).toMatch(/^REFUTED {2}Refuted: 1 page checked/);
    defaced = true;
    const confirmed = await mamori('-c', config, 'claim', 'Yokohama City defaced lol');
    expect(confirmed.code).toBe(1);
    expect(confirmed.out).toMatch(/^CONFIRMED {2}Confirmed: .* is tampered/);
    expect(confirmed.out).toMatch(/incident: #\d+/);
    expect(await mamori('-c', config, 'claim', '  ')).toMatchObject({
      code: 2,
      err: expect.stringContaining('needs its text') as unknown,
    });
  });
});
