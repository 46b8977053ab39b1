/**
 * bench:analysis: analysis and judgement per 100 KB of changed HTML, for this tree and an older one
 * side by side in one run. Each run is a process of its own (bench/lib/analysis-tree.ts) that replays
 * the corpus cases through its tree's code and times `analysePage` and `judgePage` on the changed
 * bodies; runs alternate old, [reference,] new, old, [reference,] new... so a host that slows down
 * mid-run slows every side alike. Prints each run, the mean per side and the ratio new/old, then one
 * JSON line.
 *
 * Every side runs compiled, as `mamori serve` and its analysis workers run it: each tree's src/ (and
 * this tree's runner) is compiled with the build's esbuild options (scripts/lib/compile.ts) into a
 * temporary folder and run with plain `node`, so the figures are those of the code production runs
 * whatever a loader adds (tsx measured the same on Node 20: docs/benchmarks.md). `--tsx` runs every
 * side's TypeScript under tsx instead.
 *
 *   npm run bench:analysis -- --old ../wt-base [--ref ../wt-main-ref] [--rounds 2] [--passes 3] [--tsx] [corpus...]
 *
 * `--new <tree>` measures another checkout in place of this one (a snapshot, while this one is edited).
 *
 * The corpora default to ../shared/corpus/dev (read at run time, never copied into the project).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileStandalone } from '../scripts/lib/compile.ts';
import { numberFlag } from './lib/args.ts';
import { fmt } from './lib/measure.ts';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const rounds = numberFlag(argv, 'rounds', 2);
const passes = numberFlag(argv, 'passes', 3);
const stringFlag = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i < 0 ? undefined : argv[i + 1];
};
const compiled = !argv.includes('--tsx');
/** Flags that take no value, so the argument after them is a corpus. */
const SWITCHES = new Set(['--tsx']);
const positional = argv.filter(
  (a, i) => !a.startsWith('--') && !(i > 0 && argv[i - 1]?.startsWith('--') && !SWITCHES.has(argv[i - 1] ?? '')),
);
const corpora = positional.length > 0 ? positional : [resolve(here, '../../shared/corpus/dev')];
const old = stringFlag('old');
if (!old) {
  console.error(
    'bench:analysis needs --old <tree>: a checkout of the code to compare with, e.g.\n' +
      '  git worktree add --detach ../wt-base <commit> && ln -s "$PWD/node_modules" ../wt-base/node_modules',
  );
  process.exit(2);
}
const ref = stringFlag('ref');
const sides: Array<{ name: string; tree: string }> = [
  { name: 'old', tree: resolve(old) },
  ...(ref ? [{ name: 'ref', tree: resolve(ref) }] : []),
  { name: 'new', tree: resolve(stringFlag('new') ?? resolve(here, '..')) },
];
for (const s of sides)
  if (!existsSync(resolve(s.tree, 'src/core/assess.ts'))) {
    console.error(`bench:analysis: ${s.tree} has no src/core/assess.ts`);
    process.exit(2);
  }

/**
 * How each side is started: the runner and the tree it loads, both compiled into a temporary folder
 * (outside the trees, removed at the end) or both as TypeScript under tsx. The runner is this tree's
 * in both modes; each side's own compile holds only its src/ with its run-time assets.
 */
interface Launch {
  runner: string[];
  trees: Map<string, string>;
}
async function prepare(): Promise<Launch & { scratch: string | null }> {
  if (!compiled)
    return {
      runner: ['--import', 'tsx', resolve(here, 'lib/analysis-tree.ts')],
      trees: new Map(sides.map((s) => [s.name, s.tree])),
      scratch: null,
    };
  const scratch = mkdtempSync(join(tmpdir(), 'mamori-bench-analysis-'));
  try {
    const runnerDir = join(scratch, 'runner');
    await compileStandalone(
      resolve(here, '..'),
      ['src', 'bench/lib/analysis-tree.ts', 'bench/lib/replay-corpus.ts'],
      runnerDir,
    );
    const trees = new Map<string, string>();
    for (const s of sides) {
      const out = join(scratch, s.name);
      const done = await compileStandalone(s.tree, ['src'], out);
      console.log(`compiled ${s.name} (${s.tree}): ${done.code} files, ${done.assets} assets, into ${out}`);
      trees.set(s.name, out);
    }
    return { runner: [join(runnerDir, 'bench/lib/analysis-tree.js')], trees, scratch };
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}

interface TreeRun {
  samples: number;
  bytes: number;
  analyseMs: number;
  judgeMs: number;
}
interface Row {
  side: string;
  compiled: boolean;
  analyse: number;
  judge: number;
  total: number;
}

const per100KB = (ms: number, bytes: number): number => (ms * 102_400) / bytes;
const rows: Row[] = [];
let samples = 0;
let bytes = 0;
const mode = compiled ? 'compiled, plain node' : 'TypeScript under tsx';
const launch = await prepare();
console.log(`corpora: ${corpora.join(', ')}; ${rounds} rounds of ${sides.map((s) => s.name).join(', ')}`);
console.log(`mode: ${mode} (every side alike)`);
console.log('run  side  analyse  judge   in all  (ms per 100 KB of changed HTML, fastest of the passes)');
try {
  for (let r = 0; r < rounds; r++) for (const s of sides) runSide(s.name, launch.trees.get(s.name) ?? s.tree);
} finally {
  if (launch.scratch) rmSync(launch.scratch, { recursive: true, force: true });
}

function runSide(side: string, tree: string): void {
  const out = execFileSync(process.execPath, [...launch.runner, tree, String(passes), ...corpora], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const run = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as TreeRun;
  samples = run.samples;
  bytes = run.bytes;
  const row = {
    side,
    compiled,
    analyse: per100KB(run.analyseMs, run.bytes),
    judge: per100KB(run.judgeMs, run.bytes),
    total: per100KB(run.analyseMs + run.judgeMs, run.bytes),
  };
  rows.push(row);
  console.log(
    `${String(rows.length).padStart(3)}  ${side.padEnd(4)} ${fmt(row.analyse).padStart(8)} ${fmt(row.judge).padStart(6)} ${fmt(row.total).padStart(8)}  ${compiled ? 'compiled' : 'tsx'}`,
  );
}

const mean = (side: string, key: 'analyse' | 'judge' | 'total'): number => {
  const xs = rows.filter((r) => r.side === side).map((r) => r[key]);
  return xs.reduce((a, b) => a + b, 0) / xs.length;
};
const summary = Object.fromEntries(
  sides.map((s) => [
    s.name,
    {
      tree: s.tree,
      analyseMsPer100KB: mean(s.name, 'analyse'),
      judgeMsPer100KB: mean(s.name, 'judge'),
      totalMsPer100KB: mean(s.name, 'total'),
    },
  ]),
);
console.log(
  `mean: ${sides.map((s) => `${s.name} ${fmt(mean(s.name, 'analyse'))} + ${fmt(mean(s.name, 'judge'))} = ${fmt(mean(s.name, 'total'))}`).join('; ')}`,
);
const ratio = mean('new', 'total') / mean('old', 'total');
const analyseRatio = mean('new', 'analyse') / mean('old', 'analyse');
console.log(`new/old: analysis ${fmt(analyseRatio)}x, analysis + judgement ${fmt(ratio)}x (below 1 is faster)`);
console.log(
  JSON.stringify({
    bench: 'analysis',
    corpora,
    samples,
    bytes,
    rounds,
    passes,
    compiled,
    ...summary,
    ratioNewOld: ratio,
    analyseRatioNewOld: analyseRatio,
    runs: rows,
  }),
);
