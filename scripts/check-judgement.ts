/**
 * check:judgement: proves that this tree judges exactly as another one (the commit a speed-up started
 * from). Every corpus case is replayed, history then current, through both trees' `assess` side by
 * side, each with its own chain of baselines, as the watch would; every step's verdict (kind, every
 * reason in order) and the baseline to store must serialise to the same JSON. Then every analysed step
 * is judged again by both trees' `judgePage` against a copy of its baseline whose lists are filled
 * with synthetic values up to and past their bounds, as a page watched for months holds them (the
 * corpus's short histories never reach the bounds where the learned lists are cut), and the two
 * judgements must again be identical.
 *
 *   tsx scripts/check-judgement.ts <other tree> <corpus-dir...>
 *
 * Prints the differences found (at most 20 in full) and exits 1 when there is any.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readCorpora } from '../src/evaluation/corpora.ts';
import { decodeHtml } from '../src/fetch/decode.ts';
import { sha256Digest } from '../src/analysis/script-digest.ts';

import type { assess as assessFn, Observation } from '../src/core/assess.ts';
import type { Baseline } from '../src/core/baseline.ts';
import type { judgePage as judgeFn } from '../src/core/judge.ts';
import type { Verdict } from '../src/core/verdict.ts';

/** Both trees' functions, typed as this tree's (the other's take and give the same shapes). */
interface Tree {
  assess: typeof assessFn;
  judgePage: typeof judgeFn;
}
type Assessment = ReturnType<typeof assessFn>;

const [otherArg, ...dirs] = process.argv.slice(2);
if (!otherArg || dirs.length === 0) {
  console.error('usage: tsx scripts/check-judgement.ts <other tree> <corpus-dir...>');
  process.exit(2);
}

async function loadTree(root: string): Promise<Tree> {
  const load = async <T>(path: string): Promise<T> => (await import(pathToFileURL(resolve(root, path)).href)) as T;
  const { assess } = await load<Pick<Tree, 'assess'>>('src/core/assess.ts');
  const { judgePage } = await load<Pick<Tree, 'judgePage'>>('src/core/judge.ts');
  return { assess, judgePage };
}

const other = await loadTree(resolve(otherArg));
const mine = await loadTree(resolve(import.meta.dirname, '..'));

const MIN_SAMPLES = 3;
const read = readCorpora(dirs);
if (!read.ok) {
  console.error(read.message);
  process.exit(2);
}

let steps = 0;
let padded = 0;
const differences: string[] = [];
function compare(what: string, a: unknown, b: unknown): void {
  // `undefined` (a field one tree lacks) stringifies to undefined, not to a string.
  const ja = String(JSON.stringify(a));
  const jb = String(JSON.stringify(b));
  if (ja !== jb) differences.push(`${what}\n  other: ${ja.slice(0, 600)}\n  mine:  ${jb.slice(0, 600)}`);
}

/** Lists of a baseline and the bound `learn` keeps each at (src/core/learn.ts). */
const LISTS: Record<string, number> = {
  blockHashes: 4000,
  blockShapes: 4000,
  volatilePaths: 300,
  stablePaths: 4000,
  titles: 50,
  headings: 300,
  linkHosts: 300,
  scriptHosts: 300,
  inlineScriptShapes: 300,
  frameHosts: 300,
  formHosts: 300,
  imageHosts: 300,
  redirectHosts: 50,
  scriptSrcs: 300,
  scriptSignatures: 300,
  regions: 4000,
  blockLooks: 20,
  imageSrcs: 300,
  linkPaths: 600,
  markupLeaks: 50,
  structure: 4000,
  activeItems: 1500,
  activeHosts: 300,
};

/**
 * The baseline with every list grown by synthetic values, before its own (so its own are the most
 * recent, as churn would leave them): to just under the bound on even steps, past it on odd ones.
 */
function pad(baseline: Baseline, step: number): Baseline {
  const out: Record<string, unknown> = { ...baseline };
  for (const [name, max] of Object.entries(LISTS)) {
    const own = ((baseline as unknown as Record<string, unknown>)[name] as string[] | undefined) ?? [];
    const want = step % 2 === 0 ? max - 1 - own.length : max + 7;
    const filler = Array.from({ length: Math.max(0, want) }, (_, i) => `${name}-filler-${step}-${i}`);
    out[name] = [...filler, ...own];
  }
  return out as unknown as Baseline;
}

for (const c of read.cases) {
  const chains = [
    { tree: other, baseline: null as Baseline | null, previous: null as Verdict | null },
    { tree: mine, baseline: null as Baseline | null, previous: null as Verdict | null },
  ];
  let lastBody: Buffer | null = null;
  for (const [i, file] of [...c.history, c.current].entries()) {
    const body = readFileSync(file);
    const same = lastBody !== null && body.equals(lastBody);
    const html = same ? '' : decodeHtml(body, c.contentType).text;
    const obs: Observation = { kind: 'page', requestedUrl: c.url, finalUrl: c.url, html, sameBodyAsLast: same };
    const before = chains[0]?.baseline ?? null;
    const results = chains.map((chain) => {
      const a = chain.tree.assess(
        obs,
        { baseline: chain.baseline, previous: chain.previous },
        { minSamples: MIN_SAMPLES, scriptDigest: sha256Digest },
      );
      if (a.baseline !== undefined) chain.baseline = a.baseline;
      chain.previous = a.verdict;
      return a;
    });
    const [a, b] = results as [Assessment, Assessment];
    steps++;
    const where = `${c.id} step ${i}`;
    compare(`${where}: verdict`, a.verdict, b.verdict);
    compare(`${where}: baseline to store`, a.baseline, b.baseline);
    if (a.model && before) {
      // The same model for both trees: analysis is not what this checks.
      const big = pad(before, steps);
      const ja = other.judgePage(a.model, structuredClone(big), { minSamples: MIN_SAMPLES });
      const jb = mine.judgePage(a.model, structuredClone(big), { minSamples: MIN_SAMPLES });
      padded++;
      compare(`${where}: judgement against a padded baseline`, ja, jb);
    }
    lastBody = body;
  }
}

console.log(
  `check:judgement: ${read.cases.length} cases, ${steps} steps, ${padded} padded judgements: ${differences.length} difference(s)`,
);
for (const d of differences.slice(0, 20)) console.log(d);
process.exit(differences.length === 0 ? 0 : 1);
