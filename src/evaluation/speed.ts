import type { Baseline } from '../core/baseline.ts';
import { analysePage } from '../core/analyse.ts';
import { judgePage } from '../core/judge.ts';

/** One changed body as the pipeline analysed it: its decoded HTML, final URL and the baseline it was judged against. */
export interface SpeedSample {
  html: string;
  url: string;
  baseline: Baseline | null;
  /** Body size as fetched (before decoding): the "per 100 KB" unit. */
  bytes: number;
}

/** CPU milliseconds spent on the samples by stage, in the fastest of the passes, and the bytes they hold. */
export interface StageTimes {
  /** Parse and model build (`analysePage`). */
  analyseMs: number;
  /** Baseline comparison, detectors, verdict and learning (`judgePage`). */
  judgeMs: number;
  bytes: number;
  passes: number;
}

/**
 * Time analysis and judgement of the changed bodies again, stage by stage, in warm passes after the
 * run. The in-pipeline figure mixes first-call JIT compilation and whatever else the machine runs;
 * here each stage is timed with the process's CPU clock (every thread, so the garbage collector's
 * helpers count against us) and the fastest pass is kept, which is the figure least disturbed by
 * other work on a shared machine. The same inputs give the same verdicts as in the run: both stages
 * are pure.
 */
export function timeStages(samples: readonly SpeedSample[], minSamples: number, passes = 3): StageTimes {
  let best: StageTimes = { analyseMs: Infinity, judgeMs: Infinity, bytes: 0, passes };
  for (const s of samples) best.bytes += s.bytes;
  for (let p = 0; p < passes; p++) {
    let analyseUs = 0;
    let judgeUs = 0;
    for (const s of samples) {
      const start = process.cpuUsage();
      const model = analysePage(s.html, s.url);
      const analysed = process.cpuUsage(start);
      judgePage(model, s.baseline, { minSamples });
      const judged = process.cpuUsage(start);
      analyseUs += analysed.user + analysed.system;
      judgeUs += judged.user + judged.system - analysed.user - analysed.system;
    }
    if (analyseUs + judgeUs < (best.analyseMs + best.judgeMs) * 1000)
      best = { ...best, analyseMs: analyseUs / 1000, judgeMs: judgeUs / 1000 };
  }
  if (samples.length === 0) best = { ...best, analyseMs: 0, judgeMs: 0 };
  return best;
}
