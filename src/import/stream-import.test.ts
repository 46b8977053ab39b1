import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher } from '../fetch/undici-fetcher.ts';
import { LOOPBACK_OK, TEST_LIMITS, TEST_UA } from '../fetch/test-servers.ts';
import { parseImport, type ImportFormat } from './detect-format.ts';
import { readSitemapTree } from './sitemap-reader.ts';
import { fileText, LineSplitter, MAX_LINE_CHARS, MAX_PROBLEMS_KEPT, parseImportStream } from './stream-import.ts';

const MiB = 1024 * 1024;

/** The text cut at pseudo-random places (seeded), so pieces end inside lines, tags and \r\n pairs. */
function* cut(text: string, seed: number): Generator<string> {
  let state = seed;
  let at = 0;
  while (at < text.length) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const size = 1 + (state % 23);
    yield text.slice(at, at + size);
    at += size;
  }
}

const samples: Record<ImportFormat, string> = {
  'url-list':
    '\uFEFF# list\r\nhttps://a.example/1\r\n\r\nftp://x\nhttps://a.example/1\rhttps://b.example/2 note\nhttps://user:pw-secret@c.example/\nhttps://c.example/3',
  sitemap:
    '<?xml version="1.0"?>\n<urlset>\n<url>\n<loc>https://a.example/p1</loc></url>\n<url><loc></loc></url>\n<url><loc>https://a.example/p1</loc></url>\n\n<url><loc>mailto:x</loc></url>\n<url><loc>https://a.example/p2</loc>\n</urlset>',
  urlwatch:
    'name: one\nurl: https://a.example/1\n---\ncommand: ls\n---\nurl: "https://a.example/2"\nname: two\n---\nfoo: bar\n---\nnavigate: https://a.example/3\n',
};

describe('parseImportStream', () => {
  it('gives what the whole-text parser gives, however the text is cut', async () => {
    for (const [format, text] of Object.entries(samples) as [ImportFormat, string][]) {
      const whole = parseImport(text);
      expect(whole.format).toBe(format);
      for (const seed of [1, 7, 42]) {
        const streamed = await parseImportStream(cut(text, seed), { maxTargets: 1000 });
        expect(streamed, `${format} cut with seed ${seed}`).toEqual(whole);
      }
    }
  });

  it('places a urlwatch document that is not valid YAML on its own lines', async () => {
    const text = 'url: https://a.example/1\n---\nurl: [unclosed\n---\nurl: https://a.example/2\n';
    const parsed = await parseImportStream(cut(text, 5), { maxTargets: 10 });
    expect(parsed.targets.map((t) => t.line)).toEqual([1, 5]);
    expect(parsed.problems).toEqual([
      expect.objectContaining({
        kind: 'malformed',
        message: expect.stringMatching(/^document 2: invalid YAML/) as string,
      }),
    ]);
    expect(parsed.problems[0]?.line).toBeGreaterThanOrEqual(2);
    expect(parsed.problems[0]?.line).toBeLessThanOrEqual(3);
  });

  it('never repeats a password from the input in a problem', async () => {
    const parsed = await parseImportStream([samples['url-list']], { maxTargets: 1000 });
    expect(parsed.problems.some((p) => /user name or password/.test(p.message))).toBe(true);
    expect(JSON.stringify(parsed)).not.toContain('pw-secret');
  });

  it('stops at maxTargets and says so', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => `https://a.example/p${i}`);
    const parsed = await parseImportStream([lines.join('\n')], { maxTargets: 7 });
    expect(parsed.targets.map((t) => t.url)).toEqual(lines.slice(0, 7));
    expect(parsed.problems.map((p) => p.message)).toEqual([expect.stringContaining('import.maxTargets') as string]);
  });

  it('splits lines across pieces, and reports an overlong line without holding it', () => {
    const text = `a\r\nb\rc\n${'x'.repeat(MAX_LINE_CHARS * 3)}\nd`;
    const seen: (string | null)[] = [];
    const splitter = new LineSplitter((line) => (seen.push(line), true));
    for (const piece of cut(text, 3)) splitter.write(piece);
    splitter.end();
    expect(seen).toEqual(text.split(/\r\n|\r|\n/).map((l) => (l.length > MAX_LINE_CHARS ? null : l)));
  });
});

describe('a large list on disk', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mamori-import-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  /** `size` bytes of a few hundred distinct URLs repeated (every line is read: duplicates never reach the cap), then one last URL. */
  async function writeList(path: string, size: number, last: string): Promise<void> {
    const out = createWriteStream(path);
    const block =
      Array.from({ length: 500 }, (_, i) => `https://www.example.go.jp/section-${i}/page.html`).join('\n') + '\n';
    for (let written = 0; written < size; written += block.length) {
      if (!out.write(block)) await once(out, 'drain');
    }
    out.end(`${last}\n`);
    await once(out, 'finish');
  }

  it('reads a 20 MB list to its end with memory that does not follow its size', async () => {
    const path = join(dir, 'big.txt');
    const last = 'https://www.example.go.jp/the-last-line';
    await writeList(path, 20 * MiB, last);
    const before = process.memoryUsage().rss;
    const parsed = await parseImportStream(fileText(path), { maxTargets: 50_000 });
    const grew = process.memoryUsage().rss - before;
    expect(parsed.targets.at(-1)?.url).toBe(last);
    expect(parsed.targets).toHaveLength(501);
    expect(parsed.problems.length).toBeLessThanOrEqual(MAX_PROBLEMS_KEPT + 1);
    expect(parsed.problems.at(-1)?.message).toMatch(/more problems/);
    expect(grew).toBeLessThan(100 * MiB);
  }, 120_000);
});

describe('a sitemap tree over HTTP', () => {
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    // An index of 20 sitemaps of 100 pages each, on a real loopback server.
    server = createServer((req, res) => {
      const n = /^\/s(\d+)\.xml$/.exec(req.url ?? '')?.[1];
      res.setHeader('content-type', 'application/xml');
      if (req.url === '/index.xml') {
        res.end(
          `<sitemapindex>${Array.from({ length: 20 }, (_, i) => `<sitemap><loc>${origin}/s${i}.xml</loc></sitemap>`).join('')}</sitemapindex>`,
        );
      } else if (n !== undefined) {
        res.end(
          `<urlset>${Array.from({ length: 100 }, (_, i) => `<url><loc>${origin}/s${n}/p${i}</loc></url>`).join('')}</urlset>`,
        );
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  it('stops reading sitemaps once the tree has given maxTargets targets', async () => {
    const fetcher = createFetcher({ limits: TEST_LIMITS, policy: LOOPBACK_OK, userAgent: TEST_UA });
    try {
      const top = await parseImportStream([await (await fetch(`${origin}/index.xml`)).text()], { maxTargets: 250 });
      const tree = await readSitemapTree(fetcher, top.sitemaps, { max: 100, depth: 5, maxTargets: 250 });
      const taken = tree.parses.flatMap((p) => p.targets);
      expect(taken).toHaveLength(250);
      expect(tree.read).toBeLessThan(top.sitemaps.length);
      expect(tree.problems.map((p) => p.message)).toEqual([expect.stringContaining('import.maxTargets') as string]);
    } finally {
      await fetcher.close();
    }
  });
});
