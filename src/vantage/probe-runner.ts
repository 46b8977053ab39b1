/**
 * `mamori probe`'s loop (docs/vantage-points.md): lease the jobs of this vantage from the server,
 * fetch each page with the same fetcher and SSRF guard as the watch, judge it with the same core
 * against the baseline the server sent, and report. The probe touches no database and no Redis:
 * the server's API is all it knows, through a probe-scoped token.
 */
import type { Logger } from 'pino';
import type { Baseline } from '../core/baseline.ts';
import type { OutcomeClass } from '../core/outcome.ts';
import type { Reason, VerdictKind } from '../core/verdict.ts';
import type { Fetcher } from '../fetch/types.ts';
import type { Clock } from '../pipeline/clock.ts';
import type { PolitenessGate } from '../watch/host-gate.ts';
import { judgeProbe, Prober } from '../watch/probe.ts';

export interface ProbeRunnerOptions {
  /** The server's base URL (`--api`). */
  api: string;
  vantage: string;
  /** The probe-scoped API token (`vantage.probeToken`). */
  token: string;
  fetcher: Fetcher;
  gate: PolitenessGate;
  clock: Clock;
  minSamples: number;
  log: Pick<Logger, 'info' | 'warn'>;
  /** Jobs asked for per lease request. */
  max?: number;
  /** How long the server may hold a lease request open (≤ 25 s). */
  waitMs?: number;
  /** Pause after a failed exchange with the server. */
  retryMs?: number;
}

interface LeasedJob {
  leaseId: string;
  pageId: number;
  url: string;
  baseline: Baseline | null;
}

export interface ProbeResult {
  verdict: VerdictKind;
  outcome: OutcomeClass;
  bodySha256: string | null;
  reasons: Reason[];
}

/** Thrown for an answer that retrying will not mend (a refused token, a vantage the server does not know). */
export class ProbeRefusedError extends Error {}

export class ProbeRunner {
  readonly #o: ProbeRunnerOptions;
  readonly #prober: Prober;

  constructor(options: ProbeRunnerOptions) {
    this.#o = options;
    this.#prober = new Prober(options.fetcher, options.gate, options.clock);
  }

  /** Leases, checks and reports until `signal` aborts; a refusal (401/403) ends it with ProbeRefusedError. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        for (const job of await this.#lease(signal)) {
          const result = await this.check(job.url, job.baseline);
          await this.#report(job, result, signal);
        }
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof ProbeRefusedError) throw error;
        this.#o.log.warn({ err: error }, 'probe: exchange with the server failed; trying again');
        await sleep(this.#o.retryMs ?? 2_000, signal);
      }
    }
  }

  /** One page fetched and judged as the watch would, against the baseline given (no previous verdict). */
  async check(url: string, baseline: Baseline | null): Promise<ProbeResult> {
    const probe = await this.#prober.probe(url);
    const assessment = judgeProbe(url, probe, { baseline, lastBodySha256: null }, null, this.#o.minSamples);
    return {
      verdict: assessment.verdict.kind,
      outcome: assessment.outcome,
      bodySha256: probe.bodySha256,
      reasons: assessment.verdict.reasons,
    };
  }

  async #lease(signal: AbortSignal): Promise<LeasedJob[]> {
    const body = { vantage: this.#o.vantage, max: this.#o.max ?? 10, waitMs: this.#o.waitMs ?? 25_000 };
    const answer = (await this.#post('/api/probe/leases', body, signal)) as { jobs: LeasedJob[] };
    return answer.jobs;
  }

  async #report(job: LeasedJob, result: ProbeResult, signal: AbortSignal): Promise<void> {
    try {
      await this.#post('/api/probe/reports', { leaseId: job.leaseId, ...result }, signal);
      this.#o.log.info({ page: job.pageId, url: job.url, verdict: result.verdict }, 'probe: reported');
    } catch (error) {
      // A lapsed lease (409) is the server's to hand out again; the next job need not wait for it.
      if (!(error instanceof LeaseConflictError)) throw error;
      this.#o.log.warn({ page: job.pageId }, 'probe: the lease lapsed before the report; the job goes to another look');
    }
  }

  async #post(path: string, body: unknown, signal: AbortSignal): Promise<unknown> {
    const res = await fetch(new URL(path, this.#o.api), {
      method: 'POST',
      headers: { authorization: `Bearer ${this.#o.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
    const text = await res.text();
    if (res.status === 401 || res.status === 403)
      throw new ProbeRefusedError(`the server refused the probe (${res.status}): ${text.slice(0, 300)}`);
    if (res.status === 404 && path === '/api/probe/leases')
      throw new ProbeRefusedError('the server serves no probe protocol (is vantage.probes set there?)');
    if (res.status === 409) throw new LeaseConflictError(text.slice(0, 300));
    if (!res.ok) throw new Error(`${path} answered ${res.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as unknown;
  }
}

class LeaseConflictError extends Error {}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}
