/**
 * check:analysis-model: this tree's `analysePage` against another tree's (an older checkout) on every
 * HTML body of the corpora, history versions and current alike. Each case is replayed through the
 * other tree's `assess` (as bench:analysis does), so each body is analysed both bare and with the
 * script digest and the known inline scripts of the baseline it would be judged against, and as a
 * rendered document (no style sheets read). The two page
 * models must be deeply equal (`isDeepStrictEqual`, so a field set to `undefined` differs from a
 * missing one) and serialise to the same JSON (key order included, as stored models are JSON).
 * Prints each body that differs (at most 20) with its first differing field, and exits 1 if any does.
 *
 *   tsx scripts/check-analysis-model.ts <other-tree> [corpus-dir...]   (default ../shared/corpus/dev and dev2)
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { readCorpora } from '../src/evaluation/corpora.ts';
import { decodeHtml } from '../src/fetch/decode.ts';
import { sha256Digest } from '../src/analysis/script-digest.ts';
import { analysePage, type AnalyseOptions } from '../src/core/analyse.ts';

type AnalyseFn = (html: string, url: string, o?: AnalyseOptions) => unknown;
interface Assessment {
  verdict: unknown;
  baseline: unknown;
}
type AssessFn = (
  obs: unknown,
  prior: { baseline: unknown; previous: unknown },
  o: { minSamples: number; scriptDigest: (text: string) => string },
) => Assessment;

const root = resolve(import.meta.dirname, '..');
const [otherArg, ...dirArgs] = process.argv.slice(2);
if (!otherArg) {
  console.error('usage: check-analysis-model.ts <other-tree> [corpus-dir...]');
  process.exit(2);
}
const other = resolve(otherArg);
const load = async <T>(path: string): Promise<T> => (await import(pathToFileURL(resolve(other, path)).href)) as T;
const { analysePage: otherAnalyse } = await load<{ analysePage: AnalyseFn }>('src/core/analyse.ts');
const { assess } = await load<{ assess: AssessFn }>('src/core/assess.ts');

const dirs =
  dirArgs.length > 0 ? dirArgs : [resolve(root, '../shared/corpus/dev'), resolve(root, '../shared/corpus/dev2')];
const read = readCorpora(dirs);
if (!read.ok) {
  console.error(read.message);
  process.exit(2);
}

/** The path of the first field where two values differ, for the report. */
function firstDifference(a: unknown, b: unknown, at = ''): string {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return at || '(root)';
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.join() !== keysB.join()) return `${at} keys [${keysA.join()}] vs [${keysB.join()}]`;
  for (const k of keysA) {
    const x = (a as Record<string, unknown>)[k];
    const y = (b as Record<string, unknown>)[k];
    if (!isDeepStrictEqual(x, y) || JSON.stringify(x) !== JSON.stringify(y)) return firstDifference(x, y, `${at}.${k}`);
  }
  return at || '(root)';
}

let bodies = 0;
let compared = 0;
let differing = 0;
function compare(label: string, html: string, url: string, options?: AnalyseOptions): void {
  compared += 1;
  const mine = analysePage(html, url, options);
  const theirs = otherAnalyse(html, url, options);
  if (isDeepStrictEqual(mine, theirs) && JSON.stringify(mine) === JSON.stringify(theirs)) return;
  differing += 1;
  if (differing <= 20) console.log(`${label}: differs at ${firstDifference(mine, theirs)}`);
}

for (const c of read.cases) {
  let baseline: unknown = null;
  let previous: unknown = null;
  for (const file of [...c.history, c.current]) {
    const html = decodeHtml(readFileSync(file), c.contentType).text;
    bodies += 1;
    const knownScripts = (baseline as { knownScripts?: AnalyseOptions['knownScripts'] } | null)?.knownScripts;
    compare(`${file} (bare)`, html, c.url);
    compare(`${file} (digest)`, html, c.url, { scriptDigest: sha256Digest, knownScripts });
    // The rendered path skips the style sheets: the corpus has no renderer marks, but the walk differs.
    compare(`${file} (rendered)`, html, c.url, { rendered: true, offsiteNavigations: [] });
    const obs = { kind: 'page', requestedUrl: c.url, finalUrl: c.url, html, sameBodyAsLast: false };
    const a = assess(obs, { baseline, previous }, { minSamples: 3, scriptDigest: sha256Digest });
    if (a.baseline !== undefined) baseline = a.baseline;
    previous = a.verdict;
  }
}
console.log(
  `check:analysis-model: ${bodies} bodies, ${compared} analyses against ${other}: ${differing} page models differ`,
);
process.exit(differing === 0 ? 0 : 1);
