/**
 * What the analysis layer runs and what it answers. Analysis (parse, model build, judgement) is pure
 * and CPU-bound, and a hostile page can make it slow or hungry; the layer runs it where that cannot
 * stop the scheduler, the API or notifications, and answers a typed outcome instead of throwing.
 */
import type { AnalyseOptions } from '../core/analyse.ts';
import type { AssessOptions, Assessment, Observation, PriorState } from '../core/assess.ts';
import type { PageModel } from '../core/page-model.ts';

export type AnalysisJob =
  /** `assess`: analyse and judge. `keepModel: false` drops the model before it is sent back (the check path never reads it). */
  | {
      kind: 'assess';
      observation: Observation;
      prior: PriorState;
      /** Without the script digest: a job crosses to a worker thread, and `runJob` adds it there. */
      options: Omit<AssessOptions, 'scriptDigest'>;
      keepModel: boolean;
    }
  /** `analysePage` alone (the rendered view, cloaking copies, the console's diff). */
  | { kind: 'analyse'; html: string; url: string; options: AnalyseOptions };

export type JobValue<J extends AnalysisJob> = J extends { kind: 'assess' } ? Assessment : PageModel;

/**
 * Why a job has no value: it ran into its deadline (`time`), its thread's heap cap (`memory`), or its
 * thread died of something else while running it (`crash`): the page is the likely cause of all three.
 * `unavailable`: the job never ran (the pool is closed, or a thread could not start): not the page's doing.
 */
export type AnalysisLimit = 'time' | 'memory' | 'crash' | 'unavailable';

export type AnalysisOutcome<T> =
  | { ok: true; value: T; ms: number }
  /** `detail` is one phrase for a person, e.g. "time: 10 s". Never thrown: the caller decides what it means. */
  | { ok: false; limit: AnalysisLimit; detail: string; ms: number };

/** Runs analysis jobs somewhere: in worker threads with limits (AnalysisPool) or inline (tests, benches). */
export interface Analyser {
  run<J extends AnalysisJob>(job: J): Promise<AnalysisOutcome<JobValue<J>>>;
  close(): Promise<void>;
}
