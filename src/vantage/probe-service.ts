/**
 * The server's side of the probe protocol (docs/vantage-points.md): a probe leases the confirmation
 * jobs of its vantage (held open as a long poll while none is due) and reports what it saw. The
 * vantage comes from the token (its name) and the lease, never from a report's body, so a probe
 * cannot speak for another vantage or replay a report.
 */
import type { Baseline } from '../core/baseline.ts';
import type { OutcomeClass } from '../core/outcome.ts';
import type { Reason, VerdictKind } from '../core/verdict.ts';
import type { EstateStore } from '../store/types.ts';
import type { VantageJobStore } from './vantage-job-store.ts';
import type { VantageReportStore } from './vantage-report-store.ts';

/** The longest a lease request is held open (a proxy in between may cut a longer one). */
export const MAX_WAIT_MS = 25_000;

export interface ProbeJob {
  leaseId: string;
  pageId: number;
  url: string;
  /** The page's learnt baseline, which the probe judges against (null: not learnt yet). */
  baseline: Baseline | null;
  expiresAt: number;
}

export interface ProbeReport {
  leaseId: string;
  verdict: VerdictKind;
  outcome: OutcomeClass;
  bodySha256: string | null;
  reasons: Reason[];
}

/** The probe token that calls: its id holds the lease, its name is the vantage it speaks for. */
export interface ProbeCaller {
  tokenId: number;
  tokenName: string;
}

export type Refused = { ok: false; status: 403 | 409; message: string };

export interface ProbeServiceOptions {
  jobs: VantageJobStore;
  reports: VantageReportStore;
  store: Pick<EstateStore, 'getPage'>;
  /** The remote vantages configured (`vantage.probes`). */
  probes: readonly string[];
  leaseMs: number;
  now: () => number;
  /** A vantage reported on a page: the confirmation weighs it. */
  onReport?: (pageId: number) => Promise<void>;
  /** How often a held lease request looks again when nothing woke it (jobs requested by another process). */
  pollMs?: number;
}

export class ProbeService {
  readonly #o: ProbeServiceOptions;
  readonly #waiters = new Set<() => void>();

  constructor(options: ProbeServiceOptions) {
    this.#o = options;
  }

  /** Jobs were requested: held lease requests look again now. */
  wake(): void {
    for (const w of [...this.#waiters]) w();
  }

  /** Up to `max` jobs of the caller's vantage, waiting up to `waitMs` (≤ 25 s) for one to be due. */
  async lease(
    caller: ProbeCaller,
    vantage: string,
    max: number,
    waitMs: number,
    signal?: AbortSignal,
  ): Promise<{ ok: true; vantage: string; jobs: ProbeJob[] } | Refused> {
    const refused = this.#refuse(caller, vantage);
    if (refused) return refused;
    const deadline = this.#o.now() + Math.min(Math.max(waitMs, 0), MAX_WAIT_MS);
    for (;;) {
      const jobs = await this.#take(caller, vantage, max);
      if (jobs.length > 0 || this.#o.now() >= deadline || signal?.aborted) return { ok: true, vantage, jobs };
      await this.#wait(Math.min(deadline - this.#o.now(), this.#o.pollMs ?? 1000), signal);
    }
  }

  /** Records a leased job's result as its vantage's latest report on the page; 409 for a lapsed or foreign lease. */
  async report(
    caller: ProbeCaller,
    report: ProbeReport,
  ): Promise<{ ok: true; vantage: string; pageId: number } | Refused> {
    const now = this.#o.now();
    const done = await this.#o.jobs.complete(report.leaseId, caller.tokenId, now);
    if (!done)
      return {
        ok: false,
        status: 409,
        message: 'no live lease of this token by that id (lapsed, reported or unknown)',
      };
    await this.#o.reports.record(
      done.pageId,
      { vantage: done.vantage, verdict: report.verdict, bodySha256: report.bodySha256 },
      now,
    );
    await this.#o.onReport?.(done.pageId);
    return { ok: true, vantage: done.vantage, pageId: done.pageId };
  }

  #refuse(caller: ProbeCaller, vantage: string): Refused | null {
    if (!this.#o.probes.includes(vantage))
      return { ok: false, status: 403, message: `"${vantage}" is not a configured vantage (vantage.probes)` };
    if (caller.tokenName !== vantage)
      return {
        ok: false,
        status: 403,
        message: `this probe token speaks for vantage "${caller.tokenName}", not "${vantage}"`,
      };
    return null;
  }

  async #take(caller: ProbeCaller, vantage: string, max: number): Promise<ProbeJob[]> {
    const leased = await this.#o.jobs.lease(vantage, caller.tokenId, max, this.#o.now(), this.#o.leaseMs);
    const jobs: ProbeJob[] = [];
    for (const l of leased) {
      const page = await this.#o.store.getPage(l.pageId);
      // A page removed since (its job goes with it): nothing to look at.
      if (page)
        jobs.push({
          leaseId: l.leaseId,
          pageId: page.id,
          url: page.url,
          baseline: page.baseline,
          expiresAt: l.expiresAt,
        });
    }
    return jobs;
  }

  #wait(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(ms, 0));
      this.#waiters.add(done);
      signal?.addEventListener('abort', done);
    });
  }
}
