/**
 * The analysis could not run at all (the pool is shutting down, or a worker thread cannot start):
 * nothing is known about the page. Do not record a verdict; retry the check later (the job queue does).
 */
export class AnalysisUnavailableError extends Error {
  readonly code = 'ERR_MAMORI_ANALYSIS_UNAVAILABLE';

  constructor(detail: string) {
    super(`The page was not analysed (${detail}); retry the check later`);
    this.name = 'AnalysisUnavailableError';
  }
}
