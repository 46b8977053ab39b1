import type { Command } from 'commander';
import { readCorpus } from '../../evaluation/corpus.ts';
import { runDetectBench } from '../../evaluation/detect-bench.ts';
import { misses, tally } from '../../evaluation/tally.ts';
import { EXIT, type CliIo } from '../io.ts';
import { createProgress } from '../progress.ts';
import { runBenchDetectRendered } from './bench-render.ts';
import { formatDetectReport } from '../formatters/detect-report.ts';

interface DetectFlags {
  json?: boolean;
  kind?: string;
  minSamples?: string;
  render?: boolean;
}

/** `mamori bench detect <corpus>`: detection figures on a labelled corpus, through the real pipeline. */
export async function runBenchDetect(dir: string, flags: DetectFlags, io: CliIo): Promise<number> {
  const corpus = readCorpus(dir);
  if (!corpus.ok) {
    io.err(`mamori bench detect: ${corpus.message}`);
    return EXIT.usage;
  }
  for (const p of corpus.problems) io.err(`skipped ${p}`);
  const cases = flags.kind ? corpus.cases.filter((c) => c.kind === flags.kind) : corpus.cases;
  if (flags.render) return runBenchDetectRendered(cases, flags, io);
  const progress = createProgress(io, 'judging cases');
  const { results, speed } = await runDetectBench(cases, { minSamples: Number(flags.minSamples ?? 3), onProgress: (d, t) => progress.update(d, t) });
  progress.stop();
  const report = tally(results, speed);
  const { missed, falseAlarms } = misses(results);
  io.out(formatDetectReport(report, missed, falseAlarms));
  if (flags.json) io.out(JSON.stringify(report));
  return EXIT.ok;
}

export function registerBench(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const bench = program.command('bench').description('benchmarks that need the CLI (the others are npm run bench:*)');
  bench
    .command('detect')
    .description('judge every case of a labelled corpus (history, then current) and print detection figures')
    .argument('<corpus-dir>', 'corpus folder with index.tsv and cases/, e.g. ../shared/corpus/dev')
    .option('--json', 'end with one JSON line of the figures')
    .option('--kind <kind>', 'only cases of this kind')
    .option('--min-samples <n>', 'baseline.minSamples', '3')
    .option('--render', 'also render every version in Chromium and judge what visitors see (adds rendersPerSecond)')
    .action(async (dir: string, flags: DetectFlags) => setExit(await runBenchDetect(dir, flags, io)));
}
