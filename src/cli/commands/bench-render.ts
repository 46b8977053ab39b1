import { RENDER_CONCURRENCY_DEFAULT } from '../../config/schema.ts';
import type { CorpusCase } from '../../evaluation/corpus.ts';
import { runRenderDetectBench } from '../../evaluation/render-bench.ts';
import { misses, tally } from '../../evaluation/tally.ts';
import { formatDetectReport } from '../formatters/detect-report.ts';
import { EXIT, type CliIo } from '../io.ts';
import { createProgress } from '../progress.ts';

/**
 * `mamori bench detect <corpus> --render`: the same figures with every version also rendered in
 * Chromium, plus `rendersPerSecond`. The analysis-speed figures belong to the static run and are not
 * measured here. Cases run in as many lanes as renders run at once by default (render.concurrency).
 */
export async function runBenchDetectRendered(
  cases: readonly CorpusCase[],
  flags: { json?: boolean; minSamples?: string },
  io: CliIo,
): Promise<number> {
  const progress = createProgress(io, 'rendering and judging cases');
  const run = await runRenderDetectBench(cases, {
    minSamples: Number(flags.minSamples ?? 3),
    lanes: RENDER_CONCURRENCY_DEFAULT,
    onProgress: (d, t) => progress.update(d, t),
  });
  progress.stop();
  const report = tally(run.results);
  const { missed, falseAlarms } = misses(run.results);
  io.out(formatDetectReport(report, missed, falseAlarms));
  io.out(
    `rendered: ${run.renders} renders (${run.renderFailures} failed), ${run.rendersPerSecond} renders/s; connections past request interception: ${run.escapedConnections}`,
  );
  if (flags.json) io.out(JSON.stringify({ ...report, rendersPerSecond: run.rendersPerSecond }));
  return EXIT.ok;
}
