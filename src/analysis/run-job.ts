import { analysePage } from '../core/analyse.ts';
import { assess } from '../core/assess.ts';
import { sha256Digest } from './script-digest.ts';
import type { AnalysisJob, JobValue } from './types.ts';

/** One job, computed by the pure core. The same code runs inside a worker and inline. */
export function runJob<J extends AnalysisJob>(job: J): JobValue<J> {
  if (job.kind === 'analyse') return analysePage(job.html, job.url, job.options) as JobValue<J>;
  // The digest is a function, so it is added here, where the job runs, rather than sent with it.
  const assessment = assess(job.observation, job.prior, { ...job.options, scriptDigest: sha256Digest });
  return (job.keepModel ? assessment : { ...assessment, model: null }) as JobValue<J>;
}
