import type { Assessment, AssessOptions, Observation, PriorState } from '../core/assess.ts';
import { assess, assessWithFacts, assessWithoutAnalysis, awaitsSoft404 } from '../core/assess.ts';
import type { BaselineFacts } from '../core/baseline-facts.ts';
import { analysisLimitAssessment, standingAnalysisLimit } from '../core/analysis-limit.ts';
import type { Analyser } from '../analysis/types.ts';
import { AnalysisUnavailableError } from '../analysis/errors.ts';
import { sha256Digest } from '../analysis/script-digest.ts';
import { hostOf } from '../core/url.ts';
import type { Baseline } from '../core/baseline.ts';
import type { SiteContext } from '../core/discovered-page.ts';
import type { Verdict } from '../core/verdict.ts';
import type { FetchResult, Fetcher } from '../fetch/types.ts';
import { sha256Hex } from '../store/blob-store.ts';
import type { Clock } from '../pipeline/clock.ts';
import type { PolitenessGate } from './host-gate.ts';

/** The result of fetching one URL politely, before judgement. */
export interface Probe {
  fetch: FetchResult;
  startedAt: number;
  durationMs: number;
  /** The body (a fetched page's is joined into one buffer when first read: an unchanged one never is). */
  readonly body: Buffer | null;
  bodyBytes: number | null;
  bodySha256: string | null;
}

/**
 * The probe of a fetched page: a class, not an object literal with a `body` getter, which made a
 * closure and a slow-mode object per check (issue 21). `body` is read through to the page, which
 * joins it only then; a prototype getter, so spreading a probe does not carry it.
 */
class PageProbe implements Probe {
  readonly bodyBytes: number;
  readonly bodySha256: string;

  constructor(
    readonly fetch: FetchResult & { ok: true },
    readonly startedAt: number,
    readonly durationMs: number,
  ) {
    this.bodyBytes = fetch.page.bodyBytes;
    this.bodySha256 = fetch.page.bodySha256;
  }

  get body(): Buffer {
    return this.fetch.page.body;
  }
}

/** What judgement needs to know of a page before this check. */
export interface PriorPage {
  baseline: Baseline | null;
  lastBodySha256: string | null;
  /** A discovered page's site context while it has no trusted normal (`CheckService`). */
  site?: SiteContext;
}

/** Fetches within each host's politeness limits and hashes what came back. */
export class Prober {
  constructor(
    private readonly fetcher: Fetcher,
    private readonly gate: PolitenessGate,
    private readonly clock: Clock,
  ) {}

  async probe(url: string): Promise<Probe> {
    // Politeness is per host with port: two sites on one host share its limits.
    const release = await this.gate.acquire(hostOf(url) ?? url);
    const startedAt = this.clock.now();
    let fetch: FetchResult;
    try {
      fetch = await this.fetcher.fetch({ url });
    } finally {
      release();
    }
    const durationMs = this.clock.now() - startedAt;
    if (fetch.ok) return new PageProbe(fetch, startedAt, durationMs);
    const body = fetch.failure.body;
    return {
      fetch,
      startedAt,
      durationMs,
      body,
      bodyBytes: body?.length ?? null,
      bodySha256: body ? sha256Hex(body) : null,
    };
  }
}

/**
 * Judge a probe against a page's prior state: the pure `assess`, fed from the wire, on this thread
 * and without limits. For the benches that measure core itself; the watch uses `judgeProbeWith`.
 */
export function judgeProbe(
  url: string,
  probe: Probe,
  prior: PriorPage | null,
  previous: Verdict | null,
  minSamples: number,
): Assessment {
  const baseline = prior?.baseline ?? null;
  // The hash alone may stand for the body only when there is a verdict to repeat and a baseline:
  // without them (a check made outside the watch, say) the body must be read and analysed.
  const lastSha = baseline && previous && !awaitsSoft404(baseline) ? (prior?.lastBodySha256 ?? null) : null;
  return assess(observationOf(url, probe, lastSha), { baseline, previous }, { minSamples, scriptDigest: sha256Digest });
}

/** What judging a page by its baseline's facts needs to know of it (a `PageHead` of the store). */
export interface PriorHead {
  baselineFacts: BaselineFacts | null;
  lastBodySha256: string | null;
}

/**
 * Judge a probe as `judgeProbeWith` would, knowing of the baseline only its facts: a failure, an
 * off-site redirect, a body identical to the last one. Null when the check needs the whole baseline
 * (a body to analyse, an identical body while the baseline is still learnt). Most checks of a watched
 * estate end here, and so never read, parse or rewrite the page's baseline.
 */
export function judgeProbeByFacts(
  url: string,
  probe: Probe,
  head: PriorHead,
  previous: Verdict | null,
  minSamples: number,
): Assessment | null {
  const facts = head.baselineFacts;
  // A soft 404 awaiting confirmation is read again in full, whatever its hash (as in judgeProbeWith).
  const lastSha = awaitsSoft404(facts) ? null : head.lastBodySha256;
  const quick = assessWithFacts(observationOf(url, probe, lastSha), facts, previous, { minSamples });
  return quick === 'learning' ? null : quick;
}

/**
 * Judge a probe with the analysis run by `analyser` (worker threads with a deadline and a memory cap).
 * What needs no parsing is decided here at once, so an unchanged page never waits behind a hostile
 * one; a page that cannot be analysed within limits is `suspicious` and its baseline is not learnt.
 * Throws AnalysisUnavailableError when the analysis could not run at all (the check is then retried).
 */
export async function judgeProbeWith(
  analyser: Analyser,
  url: string,
  probe: Probe,
  prior: PriorPage | null,
  previous: Verdict | null,
  minSamples: number,
): Promise<Assessment> {
  // A soft 404 awaiting confirmation is read again in full, whatever its hash.
  const lastSha = awaitsSoft404(prior?.baseline ?? null) ? null : (prior?.lastBodySha256 ?? null);
  const observation = observationOf(url, probe, lastSha);
  const state: PriorState = {
    baseline: prior?.baseline ?? null,
    previous,
    ...(prior?.site ? { site: prior.site } : {}),
  };
  const options: AssessOptions = { minSamples };
  const quick = assessWithoutAnalysis(observation, state, options) ?? standingAnalysisLimit(observation, state);
  if (quick) return quick;
  const outcome = await analyser.run({ kind: 'assess', observation, prior: state, options, keepModel: false });
  if (outcome.ok) return outcome.value;
  // Only what the page caused becomes its verdict; a pool that could not run the job says nothing of it.
  if (outcome.limit === 'unavailable') throw new AnalysisUnavailableError(outcome.detail);
  return analysisLimitAssessment(outcome.detail);
}

function observationOf(url: string, probe: Probe, lastSha: string | null): Observation {
  const { fetch } = probe;
  if (!fetch.ok) return { kind: 'failure', outcome: fetch.failure.outcome, message: fetch.failure.message };
  const sameBodyAsLast = probe.bodySha256 !== null && probe.bodySha256 === lastSha;
  return {
    kind: 'page',
    requestedUrl: url,
    finalUrl: fetch.page.finalUrl,
    // An unchanged body is judged by its hash: reading `text` would decode it for nothing.
    html: sameBodyAsLast ? '' : fetch.page.text,
    sameBodyAsLast,
  };
}
