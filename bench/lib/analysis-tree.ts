/**
 * One side of bench:analysis, run in a process of its own: replays the corpus cases through one code
 * tree's `assess` (history, then current, as the watch would) to collect the changed bodies with the
 * baseline each was judged against, then times that tree's `analysePage` and `judgePage` on them in
 * warm passes. Prints one JSON line. The tree's modules are imported from its own folder, so the old
 * code runs exactly as it was; decoding uses this tree's decoder, outside the clock (it belongs to
 * the fetch, and decodes the same bytes to the same text in both trees).
 *
 * Compiled (bench:analysis compiles this runner and every side into a temporary folder), it loads the
 * `.js` files the compile wrote in place of the tree's `.ts`, so both run as `mamori serve` runs them.
 *
 * Usage: tsx bench/lib/analysis-tree.ts <tree> <passes> <corpus-dir...>
 *        node <compiled>/bench/lib/analysis-tree.js <compiled tree> <passes> <corpus-dir...>
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sha256Digest } from '../../src/analysis/script-digest.ts';
import { type LooseAssess, replayChangedBodies } from './replay-corpus.ts';

interface Sample {
  html: string;
  url: string;
  baseline: unknown;
  bytes: number;
}
/**
 * The script digest and the baseline's known scripts are passed as the analysis worker passes them
 * (`src/analysis/run-job.ts`); a tree from before them ignores both, so each side runs as it would.
 */
interface DigestOptions {
  scriptDigest: (text: string) => string;
}
type AnalyseFn = (html: string, url: string, o: DigestOptions & { knownScripts: unknown }) => unknown;
type JudgeFn = (model: unknown, baseline: unknown, o: { minSamples: number }) => unknown;

const [treeArg, passesArg, ...dirs] = process.argv.slice(2);
if (!treeArg || !passesArg || dirs.length === 0) {
  console.error('usage: analysis-tree.ts <tree> <passes> <corpus-dir...>');
  process.exit(2);
}
const tree = resolve(treeArg);
/** This runner compiled loads the side's compiled modules: the same paths, `.js` for `.ts`. */
const ext = import.meta.url.endsWith('.js') ? '.js' : '.ts';
const load = async <T>(path: string): Promise<T> =>
  (await import(pathToFileURL(resolve(tree, path.replace(/\.ts$/, ext))).href)) as T;
const { assess } = await load<{ assess: LooseAssess }>('src/core/assess.ts');
const { analysePage } = await load<{ analysePage: AnalyseFn }>('src/core/analyse.ts');
const { judgePage } = await load<{ judgePage: JudgeFn }>('src/core/judge.ts');

const MIN_SAMPLES = 3;
// The changed bodies only: the model `assess` built for each is dropped, analysis is timed below.
let samples: Sample[];
try {
  samples = replayChangedBodies(assess, dirs, MIN_SAMPLES).map(({ html, url, baseline, bytes }) => ({
    html,
    url,
    baseline,
    bytes,
  }));
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(2);
}

const cpuUs = (u: NodeJS.CpuUsage): number => u.user + u.system;
let best = { analyseMs: Infinity, judgeMs: Infinity };
const passes = Number(passesArg);
for (let p = 0; p < passes; p++) {
  let analyseUs = 0;
  let judgeUs = 0;
  for (const s of samples) {
    const start = process.cpuUsage();
    const knownScripts = (s.baseline as { knownScripts?: unknown } | null)?.knownScripts;
    const model = analysePage(s.html, s.url, { scriptDigest: sha256Digest, knownScripts });
    const analysed = process.cpuUsage(start);
    judgePage(model, s.baseline, { minSamples: MIN_SAMPLES });
    const judged = process.cpuUsage(start);
    analyseUs += cpuUs(analysed);
    judgeUs += cpuUs(judged) - cpuUs(analysed);
  }
  // The fastest pass is the one least disturbed by other work on a shared machine.
  if (analyseUs + judgeUs < (best.analyseMs + best.judgeMs) * 1000)
    best = { analyseMs: analyseUs / 1000, judgeMs: judgeUs / 1000 };
}
const bytes = samples.reduce((n, s) => n + s.bytes, 0);
console.log(JSON.stringify({ tree, samples: samples.length, bytes, passes, ...best }));
