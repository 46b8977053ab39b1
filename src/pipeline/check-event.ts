/**
 * The pipeline's shared vocabulary: what one check produced and the stages that consume it. Kept below
 * every stage (watch, evidence, incidents, intel, metrics) so that none of them imports another to
 * learn the shape of a check.
 */
import type { Assessment } from '../core/assess.ts';
import type { FetchResult } from '../fetch/types.ts';
import type { Check, PageHead, PageStatus, Site } from '../store/types.ts';

/** Why a check runs: shown in logs, and later used to prioritise claims. */
export type CheckTrigger = 'schedule' | 'manual' | 'claim' | 'threat';

/** Everything one check produced: what later stages (evidence, incidents, notifications) consume. */
export interface CheckEvent {
  /** Why this check ran (a claim's checks are kept as evidence whatever they saw). */
  trigger?: CheckTrigger;
  /** The page as the check read it: without its baseline, which most checks never read. */
  page: PageHead;
  site: Site;
  check: Check;
  previousStatus: PageStatus;
  assessment: Assessment;
  fetch: FetchResult;
}

/** A later stage of the pipeline. Observers run after the check is stored, in registration order. */
export interface CheckObserver {
  readonly name: string;
  onCheck(event: CheckEvent): Promise<void>;
}
