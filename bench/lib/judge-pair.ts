/**
 * Judgement alone, two trees in one process: the corpus cases are replayed through the first tree's
 * `assess` to collect every changed body's page model and the baseline it was judged against, then
 * the two trees' `judgePage` run on the same models in alternate passes (a, b, a, b...), CPU time.
 * Only valid when both trees build the same page models (check:analysis-model says so).
 *
 * Usage: [FRESH=1] [ONLY=a|b] tsx bench/lib/judge-pair.ts <tree a> <tree b> <passes> <corpus-dir...>
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sha256Digest } from '../../src/analysis/script-digest.ts';
import { replayChangedBodies } from './replay-corpus.ts';

type Fn = (...a: unknown[]) => { model: unknown; baseline: unknown; verdict: unknown };
const [aArg, bArg, passesArg, ...dirs] = process.argv.slice(2);
if (!aArg || !bArg || !passesArg || dirs.length === 0) {
  console.error('usage: judge-pair.ts <tree a> <tree b> <passes> <corpus-dir...>');
  process.exit(2);
}
const load = async (tree: string, path: string): Promise<Record<string, Fn>> =>
  (await import(pathToFileURL(resolve(tree, path)).href)) as Record<string, Fn>;
const a = {
  assess: (await load(aArg, 'src/core/assess.ts')).assess as Fn,
  judge: (await load(aArg, 'src/core/judge.ts')).judgePage as Fn,
};
const b = { judge: (await load(bArg, 'src/core/judge.ts')).judgePage as Fn };

const samples = replayChangedBodies(a.assess, dirs, 3);
const bytes = samples.reduce((n, s) => n + s.bytes, 0);
const per100k = (us: number) => (us / 1000) * (100_000 / bytes);
/**
 * With FRESH=1 every judgement gets a model analysed just before it (untimed), as in bench:analysis
 * and the watch: a judgement is then the first to hash and read the model's strings.
 */
const fresh = process.env.FRESH === '1';
const analyse = (await load(aArg, 'src/core/analyse.ts')).analysePage as unknown as (
  html: string,
  url: string,
  o: object,
) => unknown;
const pass = (judge: Fn): number => {
  let us = 0;
  for (const s of samples) {
    const knownScripts = (s.baseline as { knownScripts?: unknown } | null)?.knownScripts;
    const model = fresh ? analyse(s.html, s.url, { scriptDigest: sha256Digest, knownScripts }) : s.model;
    const start = process.cpuUsage();
    judge(model, s.baseline, { minSamples: 3 });
    const u = process.cpuUsage(start);
    us += u.user + u.system;
  }
  return us;
};
/**
 * INTERLEAVE=1: both trees in every pass, sample by sample (a then b on even samples, b then a on odd),
 * each on a model analysed just before it: a host whose load drifts slows both sides alike.
 */
const interleaved = (): [number, number] => {
  const us = [0, 0];
  const judges = [a.judge, b.judge];
  samples.forEach((s, i) => {
    const knownScripts = (s.baseline as { knownScripts?: unknown } | null)?.knownScripts;
    for (const side of i % 2 === 0 ? [0, 1] : [1, 0]) {
      const model = analyse(s.html, s.url, { scriptDigest: sha256Digest, knownScripts });
      const start = process.cpuUsage();
      judges[side]!(model, s.baseline, { minSamples: 3 });
      const u = process.cpuUsage(start);
      us[side]! += u.user + u.system;
    }
  });
  return [us[0]!, us[1]!];
};
const only = process.env.ONLY;
const times: Record<string, number[]> = { a: [], b: [] };
for (let p = 0; p < Number(passesArg); p++) {
  if (process.env.INTERLEAVE === '1') {
    const [ua, ub] = interleaved();
    times.a!.push(per100k(ua));
    times.b!.push(per100k(ub));
    continue;
  }
  if (only !== 'b') times.a!.push(per100k(pass(a.judge)));
  if (only !== 'a') times.b!.push(per100k(pass(b.judge)));
}
const med = (x: number[]) => [...x].sort((p, q) => p - q)[Math.floor(x.length / 2)] ?? NaN;
const min = (x: number[]) => Math.min(...x);
console.log(
  JSON.stringify({
    samples: samples.length,
    a: times.a!.map((t) => +t.toFixed(3)),
    b: times.b!.map((t) => +t.toFixed(3)),
    minA: +min(times.a!).toFixed(3),
    minB: +min(times.b!).toFixed(3),
    ratioMin: +(min(times.b!) / min(times.a!)).toFixed(3),
    ratioMed: +(med(times.b!) / med(times.a!)).toFixed(3),
  }),
);
