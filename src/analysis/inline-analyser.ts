import { performance } from 'node:perf_hooks';
import { runJob } from './run-job.ts';
import type { AnalysisJob, AnalysisOutcome, Analyser, JobValue } from './types.ts';

/**
 * Analysis on the calling thread, without limits: for unit tests and for commands that run core
 * directly on purpose (the detection bench measures core speed). A long analysis blocks the caller.
 */
export const inlineAnalyser: Analyser = {
  run<J extends AnalysisJob>(job: J): Promise<AnalysisOutcome<JobValue<J>>> {
    const start = performance.now();
    try {
      const value = runJob(job);
      return Promise.resolve({ ok: true, value, ms: performance.now() - start });
    } catch (error) {
      // Core is total; a throw here is a bug (or a stack overflow), reported like a worker's crash.
      return Promise.resolve({
        ok: false,
        limit: 'crash',
        detail: `crash: ${error instanceof Error ? error.message : String(error)}`,
        ms: performance.now() - start,
      });
    }
  },
  close: () => Promise.resolve(),
};
