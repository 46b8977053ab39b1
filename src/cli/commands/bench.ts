import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { kindsOf, readCorpora, tallyByCorpus, withOrigins } from '../../evaluation/corpora.ts';
import { runDetectBench } from '../../evaluation/detect-bench.ts';
import { familySizes } from '../../evaluation/families.ts';
import { runGrouped } from '../../evaluation/grouped.ts';
import { misses, tally, type CaseResult, type DetectReport } from '../../evaluation/tally.ts';
import { EXIT, type CliIo } from '../io.ts';
import { createProgress } from '../progress.ts';
import { runBenchDetectRendered } from './bench-render.ts';
import { formatCorpora, formatDetectReport, formatGrouped } from '../formatters/detect-report.ts';

interface DetectFlags {
  json?: boolean;
  kind?: string;
  minSamples?: string;
  render?: boolean;
  grouped?: boolean;
  cases?: string;
}

/** `mamori bench detect <corpus...>`: detection figures on labelled corpora, through the real pipeline. */
export async function runBenchDetect(dirs: string[], flags: DetectFlags, io: CliIo): Promise<number> {
  const read = readCorpora(dirs);
  if (!read.ok) {
    io.err(`mamori bench detect: ${read.message}`);
    return EXIT.usage;
  }
  for (const p of read.problems) io.err(`skipped ${p}`);
  if (flags.kind && !kindsOf(read.cases).includes(flags.kind)) {
    io.err(
      `mamori bench detect: no case of kind "${flags.kind}" in ${read.names.join(', ')}; kinds there: ${kindsOf(read.cases).join(', ')}`,
    );
    return EXIT.usage;
  }
  const cases = flags.kind ? read.cases.filter((c) => c.kind === flags.kind) : read.cases;
  if (flags.render) return runBenchDetectRendered(cases, flags, io);
  const progress = createProgress(io, 'judging cases');
  const run = await runDetectBench(cases, {
    minSamples: Number(flags.minSamples ?? 3),
    onProgress: (d, t) => progress.update(d, t),
  });
  progress.stop();
  const results = withOrigins(cases, run.results);
  const pooled = tally(results, run.speed);
  const corpora = tallyByCorpus(results, read.names);
  if (corpora.length > 1) io.out(`${formatCorpora(corpora)}\n== pooled: ${pooled.cases} cases ==`);
  const { missed, falseAlarms } = misses(results);
  io.out(formatDetectReport(pooled, missed, falseAlarms));
  const grouped = flags.grouped ? groupedFigures(results, read.names, io) : undefined;
  if (flags.cases) writeFileSync(flags.cases, caseLines(results));
  if (flags.json)
    io.out(JSON.stringify({ ...pooled, corpora: Object.fromEntries(corpora), ...(grouped ? { grouped } : {}) }));
  return EXIT.ok;
}

/**
 * One JSON line per case with its verdict and reasons, for `--cases`: two versions of the code are
 * compared by diffing these files. (Addresses served by the loopback case server carry its port, which
 * differs from run to run.)
 */
function caseLines(results: readonly CaseResult[]): string {
  return results
    .map((r) =>
      JSON.stringify({
        id: r.id,
        corpus: r.corpus,
        label: r.label,
        kind: r.kind,
        verdict: r.verdict,
        reasons: r.reasons,
      }),
    )
    .map((line) => `${line}\n`)
    .join('');
}

interface GroupedFigures {
  families: Record<string, number>;
  corpora: Record<string, DetectReport>;
  pooled: DetectReport;
}

function groupedFigures(results: CaseResult[], names: readonly string[], io: CliIo): GroupedFigures {
  const families = familySizes(results.map((r) => r.family ?? 'unknown'));
  const held = runGrouped(results).results;
  const corpora = tallyByCorpus(held, names);
  const pooled = tally(held);
  io.out('');
  io.out(formatGrouped(families, corpora, pooled));
  const { missed, falseAlarms } = misses(held);
  io.out(
    `held out: ${missed.length} missed (${missed.map((r) => r.id).join(' ') || 'none'}), ${falseAlarms.length} benign alarmed or suspicious (${falseAlarms.map((r) => `${r.id}→${r.verdict}`).join(' ') || 'none'})`,
  );
  return { families: Object.fromEntries(families), corpora: Object.fromEntries(corpora), pooled };
}

export function registerBench(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const bench = program.command('bench').description('benchmarks that need the CLI (the others are npm run bench:*)');
  bench
    .command('detect')
    .description(
      'judge every case of labelled corpora (history, then current) and print detection figures per corpus and pooled',
    )
    .argument(
      '<corpus-dir...>',
      'corpus folders with index.tsv and cases/, e.g. ../shared/corpus/dev ../shared/corpus/dev2',
    )
    .option('--json', 'end with one JSON line of the figures (pooled, per corpus, and grouped with --grouped)')
    .option('--kind <kind>', 'only cases of this kind')
    .option('--min-samples <n>', 'baseline.minSamples', '3')
    .option('--render', 'also render every version in Chromium and judge what visitors see (adds rendersPerSecond)')
    .option('--grouped', 'also hold out one source family at a time: refit the verdict model without it and judge it')
    .option(
      '--cases <file>',
      "also write every case's verdict and reasons to <file>, one JSON line each, to diff two versions",
    )
    .action(async (dirs: string[], flags: DetectFlags) => setExit(await runBenchDetect(dirs, flags, io)));
}
