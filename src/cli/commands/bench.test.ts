/** `mamori bench detect` over two small corpora written by the test (the shared corpora may not be copied). */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ministryPage } from '../../core/testing/fixtures.ts';
import { tempDir } from '../../../test/helpers.ts';
import { EXIT, type CliIo } from '../io.ts';
import { runBenchDetect } from './bench.ts';

interface CaseSpec {
  id: string;
  label: 'benign' | 'tampered';
  kind: string;
  source: string;
  notes?: string;
  history: string[];
  current: string;
}

function writeCorpus(root: string, specs: CaseSpec[]): void {
  for (const c of specs) {
    const dir = join(root, 'cases', c.id);
    mkdirSync(join(dir, 'history'), { recursive: true });
    writeFileSync(
      join(dir, 'case.json'),
      JSON.stringify({
        id: c.id,
        label: c.label,
        kind: c.kind,
        url: 'https://www.moj.example.go.jp/news/',
        contentType: 'text/html; charset=utf-8',
        source: c.source,
        notes: c.notes ?? '',
      }),
    );
    c.history.forEach((h, i) => writeFileSync(join(dir, 'history', `${String(i + 1).padStart(2, '0')}.html`), h));
    writeFileSync(join(dir, 'current.html'), c.current);
  }
}

function capture(): CliIo & { outs: string[]; errs: string[] } {
  const outs: string[] = [];
  const errs: string[] = [];
  return { outs, errs, out: (t) => outs.push(t), err: (t) => errs.push(t), isTTY: false };
}

describe('mamori bench detect', () => {
  let tmp: ReturnType<typeof tempDir>;
  let first: string;
  let second: string;
  beforeAll(() => {
    tmp = tempDir();
    first = join(tmp.dir, 'alpha');
    second = join(tmp.dir, 'beta');
    const v1 = ministryPage({ news: ['令和6年4月1日 お知らせ'] });
    const v2 = ministryPage({ news: ['令和6年4月8日 新着', '令和6年4月1日 お知らせ'] });
    const hidden = ministryPage({
      news: ['令和6年4月1日 お知らせ'],
      listExtra: '<li style="display:none"><a href="http://spam.example/">x</a></li>',
    });
    writeCorpus(first, [
      { id: 'a-1', label: 'benign', kind: 'benign-update', source: 'site-one', history: [v1], current: v2 },
      {
        id: 'a-2',
        label: 'tampered',
        kind: 'hidden-links',
        source: 'site-one+kit-one',
        history: [v1],
        current: hidden,
      },
    ]);
    writeCorpus(second, [
      { id: 'b-1', label: 'benign', kind: 'benign-update', source: 'site-two', history: [v1], current: v2 },
      {
        id: 'b-2',
        label: 'tampered',
        kind: 'redirect',
        source: 'site-two+kit-two',
        history: [v1],
        current: v1.replace('</head>', '<meta http-equiv="refresh" content="0;url=http://spam.example/"></head>'),
      },
    ]);
  });
  afterAll(() => tmp.remove());

  it('prints each corpus, the pooled figures and, grouped, the held-out figures; the JSON line carries all three', async () => {
    const io = capture();
    expect(await runBenchDetect([first, second], { json: true, grouped: true }, io)).toBe(EXIT.ok);
    const text = io.outs.join('\n');
    expect(text).toContain('== alpha: 2 cases ==');
    expect(text).toContain('== beta: 2 cases ==');
    expect(text).toContain('== pooled: 4 cases ==');
    expect(text).toMatch(/4 source families/);
    expect(text).toContain('benign:site-two');
    expect(text).toContain('== held out, pooled: 4 cases ==');
    const json = JSON.parse(io.outs.at(-1)!) as {
      cases: number;
      corpora: Record<string, { cases: number }>;
      grouped: { families: Record<string, number>; pooled: { cases: number } };
    };
    expect(json.cases).toBe(4);
    expect(Object.keys(json.corpora)).toEqual(['alpha', 'beta']);
    expect(json.grouped.families).toEqual({ 'benign:site-one': 1, 'benign:site-two': 1, 'kit-one': 1, 'kit-two': 1 });
    expect(json.grouped.pooled.cases).toBe(4);
  });

  it('writes every case with its verdict and reasons to --cases, one JSON line each', async () => {
    const file = join(tmp.dir, 'cases.jsonl');
    expect(await runBenchDetect([first, second], { cases: file }, capture())).toBe(EXIT.ok);
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; corpus: string; verdict: string; reasons: { code: string }[] });
    expect(lines.map((l) => [l.id, l.corpus])).toEqual([
      ['a-1', 'alpha'],
      ['a-2', 'alpha'],
      ['b-1', 'beta'],
      ['b-2', 'beta'],
    ]);
    expect(lines.find((l) => l.id === 'b-2')?.verdict).toBe('tampered');
    expect(lines.find((l) => l.id === 'a-2')?.reasons.length).toBeGreaterThan(0);
  });

  it('refuses a kind no corpus holds, naming the kinds there', async () => {
    const io = capture();
    expect(await runBenchDetect([first, second], { kind: 'hiden-links' }, io)).toBe(EXIT.usage);
    expect(io.errs.join('\n')).toMatch(
      /no case of kind "hiden-links".*kinds there: benign-update, hidden-links, redirect/,
    );
    expect(io.outs).toEqual([]);
  });

  it('refuses a folder that is not a corpus', async () => {
    const io = capture();
    expect(await runBenchDetect([first, join(tmp.dir, 'nowhere')], {}, io)).toBe(EXIT.usage);
    expect(io.errs.join('\n')).toContain('no cases/ folder');
  });
});
