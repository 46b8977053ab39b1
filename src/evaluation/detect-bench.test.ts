import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCorpus } from './corpus.ts';
import { runDetectBench } from './detect-bench.ts';
import { misses, tally } from './tally.ts';
import { ministryPage } from '../core/testing/fixtures.ts';
import { tempDir } from '../../test/helpers.ts';

/** A two-case corpus in the shared corpus's format, written by the test (the real one may not be copied). */
function writeCase(
  root: string,
  id: string,
  label: 'benign' | 'tampered',
  kind: string,
  history: string[],
  current: string,
  contentType = 'text/html; charset=utf-8',
): void {
  const dir = join(root, 'cases', id);
  mkdirSync(join(dir, 'history'), { recursive: true });
  writeFileSync(
    join(dir, 'case.json'),
    JSON.stringify({ id, label, kind, url: 'https://www.moj.example.go.jp/news/index.html?x=1', contentType }),
  );
  history.forEach((h, i) => writeFileSync(join(dir, 'history', `${String(i + 1).padStart(2, '0')}.html`), h));
  writeFileSync(join(dir, 'current.html'), current);
}

describe('bench detect', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir();
    const v1 = ministryPage({ news: ['令和6年4月1日 お知らせ'] });
    const v2 = ministryPage({ news: ['令和6年4月8日 新着', '令和6年4月1日 お知らせ'] });
    writeCase(tmp.dir, 'c-1', 'benign', 'benign-update', [v1], v2);
    writeCase(
      tmp.dir,
      'c-2',
      'tampered',
      'hidden-links',
      [v1, v2],
      ministryPage({
        news: ['令和6年4月8日 新着'],
        listExtra: '<li style="display:none"><a href="http://spam.example/">x</a></li>',
      }),
    );
    writeCase(
      tmp.dir,
      'c-3',
      'tampered',
      'redirect',
      [v1],
      v1.replace('</head>', '<meta http-equiv="refresh" content="0;url=http://spam.example/"></head>'),
    );
    mkdirSync(join(tmp.dir, 'cases', 'broken'), { recursive: true });
  });
  afterAll(() => tmp.remove());

  it('serves each version at the case URL, judges it through the real pipeline and tallies by kind', async () => {
    const corpus = readCorpus(tmp.dir);
    if (!corpus.ok) throw new Error(corpus.message);
    expect(corpus.cases.map((c) => c.id)).toEqual(['c-1', 'c-2', 'c-3']);
    expect(corpus.problems).toEqual([expect.stringContaining('broken: unreadable case.json')]);
    const progress: number[] = [];
    const { results, speed } = await runDetectBench(corpus.cases, {
      minSamples: 3,
      onProgress: (d) => progress.push(d),
    });
    expect(progress).toEqual([1, 2, 3]);
    expect(results.map((r) => [r.id, r.verdict])).toEqual([
      ['c-1', 'changed'],
      ['c-2', 'tampered'],
      ['c-3', 'tampered'],
    ]);
    const hidden = results[1]!.reasons[0];
    expect(hidden).toMatchObject({ code: 'hidden-external-link', evidence: { url: 'http://spam.example/' } });
    const report = tally(results, speed);
    expect(report).toMatchObject({
      bench: 'detect',
      cases: 3,
      tampered: { total: 2, detected: 2, suspicious: 0 },
      benign: { total: 1, alerted: 0, suspicious: 0 },
      byKind: { 'hidden-links': { total: 1, detected: 1, alerted: 0, suspicious: 0 } },
    });
    // All seven bodies differ from the one before them, so every one is analysed in the run and timed again after it.
    expect(speed.stages.bytes).toBe(speed.pipeline.bytes);
    expect(speed.stages.bytes).toBeGreaterThan(0);
    expect(report.analyseMsPer100KB).toBeGreaterThan(0);
    expect(report.judgeMsPer100KB).toBeGreaterThan(0);
    expect(report.pipelineMsPer100KB).toBeGreaterThan(0);
    expect(report.totalMsPer100KB).toBeCloseTo(report.analyseMsPer100KB + report.judgeMsPer100KB, 1);
    expect(misses(results)).toEqual({ missed: [], falseAlarms: [] });
  });

  it('refuses a folder that is not a corpus', () => {
    const read = readCorpus(join(tmp.dir, 'cases'));
    expect(read.ok).toBe(false);
    expect(read.ok ? '' : read.message).toContain('no cases/ folder');
  });
});
