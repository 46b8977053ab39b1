/**
 * `npm run fit:verdict -- <corpus...> [--lambda n] [--results file]`: re-run every detector on the
 * labelled corpora through the real pipeline, fit the verdict model on all their cases, write
 * src/core/verdict-weights.json (codes and numbers only, never corpus content) and print the fit's
 * figures. `--results file` keeps the cases' reason codes in a file outside the repo (and reads them
 * back when it exists), to try fit settings without re-running the detectors.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fitVerdictModel, DEFAULT_FIT } from '../src/core/verdict-fit.ts';
import { readCorpora, withOrigins } from '../src/evaluation/corpora.ts';
import { runDetectBench } from '../src/evaluation/detect-bench.ts';
import { fitSamplesOf } from '../src/evaluation/grouped.ts';
import type { CaseResult } from '../src/evaluation/tally.ts';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
};
const lambda = Number(option('--lambda') ?? DEFAULT_FIT.lambda);
const resultsFile = option('--results');
const out = new URL('../src/core/verdict-weights.json', import.meta.url);

async function collect(dirs: string[]): Promise<CaseResult[]> {
  if (resultsFile && existsSync(resultsFile)) return JSON.parse(readFileSync(resultsFile, 'utf8')) as CaseResult[];
  const read = readCorpora(dirs);
  if (!read.ok) throw new Error(read.message);
  const run = await runDetectBench(read.cases, {
    minSamples: 3,
    speedPasses: 0,
    onProgress: (d, t) => d % 100 === 0 && process.stderr.write(`${d}/${t}\n`),
  });
  // Only what the model reads is kept: codes, severities, labels and ids.
  const results = withOrigins(read.cases, run.results).map((r) => ({
    ...r,
    reasons: r.reasons.map((x) => ({ code: x.code, severity: x.severity, message: '' })),
  }));
  if (resultsFile) writeFileSync(resultsFile, JSON.stringify(results));
  return results;
}

const started = performance.now();
const results = args.length > 0 || (resultsFile && existsSync(resultsFile)) ? await collect(args) : [];
if (results.length === 0) {
  console.error('usage: npm run fit:verdict -- <corpus-dir...> [--lambda n] [--results file]');
  process.exit(2);
}
const { weights, figures } = fitVerdictModel(fitSamplesOf(results), { ...DEFAULT_FIT, lambda });
const corpora = [...new Set(results.map((r) => r.corpus ?? '?'))];
const document = {
  ...weights,
  fit: {
    corpora,
    lambda,
    ...figures,
    benignTamperedBudget: DEFAULT_FIT.benignTamperedRate,
    benignSuspiciousBudget: DEFAULT_FIT.benignSuspiciousRate,
  },
};
writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
console.log(
  `fitted on ${figures.cases} cases of ${corpora.join(', ')} (${figures.tampered} tampered, ${figures.benign} benign), ${figures.features} features, ${figures.iterations} Newton steps in the last pass`,
);
console.log(
  `in-sample: ${(100 * figures.recall).toFixed(1)}% tampered judged tampered, benign ${(100 * figures.benignTampered).toFixed(2)}% tampered, ${(100 * figures.benignSuspicious).toFixed(2)}% suspicious`,
);
console.log(
  `bias ${weights.bias}, thresholds tampered ${weights.thresholds.tampered} / suspicious ${weights.thresholds.suspicious}; unseen codes by severity ${JSON.stringify(weights.unseen)}`,
);
const top = Object.entries(weights.weights).sort((a, b) => b[1] - a[1]);
console.log(
  `strongest: ${top
    .slice(0, 8)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}`,
);
console.log(
  `weakest:   ${top
    .slice(-8)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}`,
);
console.log(`wrote ${out.pathname} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
