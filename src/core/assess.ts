import type { Baseline } from './baseline.ts';
import type { BaselineFacts } from './baseline-facts.ts';
import type { OutcomeClass } from './outcome.ts';
import type { PageModel } from './page-model.ts';
import type { Reason, Verdict, VerdictKind } from './verdict.ts';
import { analysePage } from './analyse.ts';
import { detectOffsiteRedirect, SOFT_404_CHECKS } from './availability.ts';
import { judgePage } from './judge.ts';
import { judgeDiscoveredPage, type SiteContext } from './discovered-page.ts';
import type { ScriptDigest } from './known-scripts.ts';

/** What one check observed, reduced to what judgement needs. Built by the watch layer from a fetch. */
export type Observation =
  | { kind: 'failure'; outcome: OutcomeClass; message: string }
  | {
      kind: 'page';
      requestedUrl: string;
      finalUrl: string;
      html: string;
      /** True when the body's SHA-256 equals the previous check's: nothing to analyse. */
      sameBodyAsLast: boolean;
    };

/** The page's state before this check. */
export interface PriorState {
  baseline: Baseline | null;
  /**
   * For a page that discovery found and that has no trusted normal yet: its site's context, so its
   * first sight is judged as a new page of that site (`discovered-page.ts`).
   */
  site?: SiteContext;
  /** The previous verdict and its reasons, or null on a first check. */
  previous: Verdict | null;
}

export interface Assessment {
  outcome: OutcomeClass;
  verdict: Verdict;
  /** The baseline to store; undefined leaves it as it is. */
  baseline: Baseline | null | undefined;
  /** The model, when the page was analysed (not for failures or an unchanged body). */
  model: PageModel | null;
}

export interface AssessOptions {
  minSamples: number;
  /**
   * A collision-resistant digest (SHA-256) for inline scripts, given by the analysis layer: scripts
   * the baseline knows by it are not read again, and benign ones are remembered (`known-scripts.ts`).
   * Without it every script is read, as before. A function: added where the job runs, never sent.
   */
  scriptDigest?: ScriptDigest;
}

/** A verdict that stays true while the body stays the same. */
const STICKY: ReadonlySet<VerdictKind> = new Set(['suspicious', 'tampered', 'down']);

/**
 * From an observation and the page's prior state to an outcome, a verdict and the next baseline.
 * Pure. An unchanged body costs no parsing: it repeats a standing alarm or says `unchanged`.
 */
export function assess(obs: Observation, prior: PriorState, options: AssessOptions): Assessment {
  return assessWithoutAnalysis(obs, prior, options) ?? assessByAnalysis(obs as PageObservation, prior, options);
}

type PageObservation = Extract<Observation, { kind: 'page' }>;

/**
 * The assessment when it needs no parsing (a failure, an off-site redirect, an unchanged body), or
 * null when the page must be analysed. Cheap: callers that analyse elsewhere (a worker thread) decide here.
 */
export function assessWithoutAnalysis(obs: Observation, prior: PriorState, options: AssessOptions): Assessment | null {
  const quick = assessWithFacts(obs, prior.baseline, prior.previous, options);
  if (quick !== 'learning' || prior.baseline === null) return quick === 'learning' ? null : quick;
  // An identical body still counts as an observation while the baseline is being learnt.
  const baseline = { ...prior.baseline, samples: prior.baseline.samples + 1 };
  return { outcome: 'ok', verdict: { kind: 'unchanged', reasons: [] }, baseline, model: null };
}

/**
 * As `assessWithoutAnalysis`, knowing of the baseline only its facts (a whole Baseline will do):
 * the assessment, null when the page must be analysed, or 'learning' for an identical body while the
 * baseline is still learnt, which counts as a sample and so needs the whole baseline to grow.
 * The watch judges an unchanged page with this, without reading its baseline.
 */
export function assessWithFacts(
  obs: Observation,
  facts: Pick<BaselineFacts, 'samples'> | null,
  previous: Verdict | null,
  options: AssessOptions,
): Assessment | null | 'learning' {
  if (obs.kind === 'failure') {
    const reason: Reason = { code: obs.outcome, severity: 'high', message: obs.message };
    return { outcome: obs.outcome, verdict: { kind: 'down', reasons: [reason] }, baseline: undefined, model: null };
  }
  const offsite = detectOffsiteRedirect(obs.requestedUrl, obs.finalUrl);
  if (offsite)
    return {
      outcome: 'redirect-offsite',
      verdict: { kind: 'tampered', reasons: [offsite] },
      baseline: undefined,
      model: null,
    };

  if (obs.sameBodyAsLast && facts && previous) {
    if (STICKY.has(previous.kind)) {
      const outcome: OutcomeClass = previous.reasons.some((r) => r.code === 'soft-404') ? 'soft-404' : 'ok';
      return { outcome, verdict: previous, baseline: undefined, model: null };
    }
    if (facts.samples < options.minSamples) return 'learning';
    return { outcome: 'ok', verdict: { kind: 'unchanged', reasons: [] }, baseline: undefined, model: null };
  }
  return null;
}

/**
 * True while a soft 404 waits for its confirmation: the next observation must be analysed even when
 * its body is the same as the last one (the caller then reads it in full, `sameBodyAsLast: false`).
 */
export function awaitsSoft404(baseline: Pick<Baseline, 'soft404Streak'> | null): boolean {
  return (baseline?.soft404Streak ?? 0) > 0;
}

/** Analyse the page and judge it against the baseline: the costly part, bounded by its caller. */
export function assessByAnalysis(obs: PageObservation, prior: PriorState, options: AssessOptions): Assessment {
  // A script's facts follow from its text alone, so even a held or untrusted baseline's are right.
  const model = analysePage(obs.html, obs.finalUrl, {
    scriptDigest: options.scriptDigest,
    knownScripts: prior.baseline?.knownScripts,
  });
  const held = prior.baseline?.held === true;
  if (prior.site && (prior.baseline === null || held)) {
    const discovered = judgeDiscoveredPage(model, obs.requestedUrl, prior.site);
    if (discovered) return { outcome: 'ok', verdict: discovered.verdict, baseline: discovered.baseline, model };
  }
  // A held first sight is never a normal to compare with: a page that now looks clean starts afresh.
  const judgement = judgePage(model, held ? null : prior.baseline, options);
  const outcome: OutcomeClass = judgement.verdict.reasons.some((r) => r.code === 'soft-404') ? 'soft-404' : 'ok';
  const unconfirmed = holdSoft404(judgement.verdict, outcome, prior);
  if (unconfirmed) return { ...unconfirmed, model };
  return { outcome, verdict: judgement.verdict, baseline: judgement.learned ? judgement.baseline : undefined, model };
}

/**
 * Soft-404 hysteresis. "Not found" wording is a heuristic, and a page that shows it on one check
 * and not the next (an overloaded CMS serving its error template now and then) would flap between
 * up and degraded, opening and restoring incidents. A healthy page becomes a soft 404 only after
 * SOFT_404_CHECKS such observations in a row; until then it keeps its state, with a note, and the
 * streak is kept in the baseline. Returns null when the verdict stands as judged.
 */
function holdSoft404(verdict: Verdict, outcome: OutcomeClass, prior: PriorState): Omit<Assessment, 'model'> | null {
  if (outcome !== 'soft-404' || verdict.kind !== 'down' || !prior.baseline || prior.baseline.held) return null;
  const wasHealthy = prior.previous === null || HEALTHY.has(prior.previous.kind);
  if (!wasHealthy) return null;
  const streak = (prior.baseline.soft404Streak ?? 0) + 1;
  if (streak >= SOFT_404_CHECKS) return null;
  const note: Reason = {
    code: 'soft-404-unconfirmed',
    severity: 'info',
    message: `The page says it is not there (${streak} of ${SOFT_404_CHECKS} checks in a row before it counts as degraded): ${verdict.reasons[0]?.message ?? ''}`,
    ...(verdict.reasons[0]?.evidence ? { evidence: verdict.reasons[0].evidence } : {}),
  };
  return {
    outcome: 'ok',
    verdict: { kind: prior.previous?.kind === 'changed' ? 'changed' : 'unchanged', reasons: [note] },
    baseline: { ...prior.baseline, soft404Streak: streak },
  };
}

const HEALTHY: ReadonlySet<VerdictKind> = new Set(['unchanged', 'changed']);
