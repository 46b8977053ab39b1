/**
 * Confirmation before paging (docs/vantage-points.md): wraps the incident stage. A `down` or
 * `tampered` check from this process's vantage is held while the other vantages (`mamori probe`)
 * are asked to look; `confirmAlarm` (src/core/vantage.ts) then decides. Confirmed: the check goes
 * on to the incident stage. Refuted: no page, but logged, and each vantage's report stays on record
 * (vantage_reports). Vantages that received the page but disagree on its content page with the
 * `vantage-cloaking` reason. With no probes configured every check passes straight through.
 */
import type { Logger } from 'pino';
import { confirmAlarm, vantageCloaking, type ConfirmMode, type VantageReport } from '../core/vantage.ts';
import type { Reason } from '../core/verdict.ts';
import type { CheckEvent, CheckObserver } from '../pipeline/check-event.ts';
import type { VantageJobStore } from './vantage-job-store.ts';
import type { VantageReportStore } from './vantage-report-store.ts';

export interface ConfirmingObserverOptions {
  /** The incident stage: what an alarm reaches once confirmed. */
  inner: CheckObserver;
  reports: VantageReportStore;
  jobs: VantageJobStore;
  /** This process's vantage (`vantage.name`). */
  self: string;
  probes: readonly string[];
  mode: ConfirmMode;
  /** Past this, an alarm still awaiting pages unconfirmed: a probe that is down must not silence alarms. */
  confirmWithinMs: number;
  now: () => number;
  log: Pick<Logger, 'info' | 'warn'>;
  /** Jobs were requested: wake the probes' held lease requests. */
  onRequested?: () => void;
}

interface Held {
  event: CheckEvent;
  /** When the alarm was first raised: reports from before it say nothing of it. */
  since: number;
}

const ALARMS = new Set(['down', 'tampered']);

export class ConfirmingObserver implements CheckObserver {
  readonly name: string;
  readonly #o: ConfirmingObserverOptions;
  readonly #held = new Map<number, Held>();
  /** Pages whose alarm was confirmed, by verdict: later checks with the same alarm pass straight on. */
  readonly #confirmed = new Map<number, string>();
  readonly #chains = new Map<number, Promise<void>>();

  constructor(options: ConfirmingObserverOptions) {
    this.#o = options;
    this.name = options.inner.name;
  }

  onCheck(event: CheckEvent): Promise<void> {
    if (this.#o.probes.length === 0) return this.#o.inner.onCheck(event);
    return this.#inTurn(event.page.id, () => this.#check(event));
  }

  /** A vantage reported on the page: decide a held alarm again. */
  onReport(pageId: number): Promise<void> {
    return this.#inTurn(pageId, () => this.#decide(pageId));
  }

  /** Alarms held past `confirmWithinMs` page unconfirmed. */
  async sweep(): Promise<void> {
    for (const pageId of [...this.#held.keys()]) await this.#inTurn(pageId, () => this.#decide(pageId));
  }

  /** Pages whose alarm awaits the other vantages (for tests and the log). */
  awaiting(): number[] {
    return [...this.#held.keys()];
  }

  async #check(event: CheckEvent): Promise<void> {
    const { page, check } = event;
    await this.#o.reports.record(page.id, this.#first(event), check.startedAt);
    if (!ALARMS.has(check.verdict)) {
      this.#held.delete(page.id);
      this.#confirmed.delete(page.id);
      return this.#o.inner.onCheck(event);
    }
    if (this.#confirmed.get(page.id) === check.verdict) return this.#o.inner.onCheck(event);
    this.#confirmed.delete(page.id);
    const held = this.#held.get(page.id);
    const since = held && held.event.check.verdict === check.verdict ? held.since : check.startedAt;
    this.#held.set(page.id, { event, since });
    return this.#decide(page.id);
  }

  async #decide(pageId: number): Promise<void> {
    const held = this.#held.get(pageId);
    if (!held) return;
    const { self, probes, mode, now, log } = this.#o;
    const first = this.#first(held.event);
    const others = (await this.#o.reports.latest(pageId, held.since)).filter((r) => r.vantage !== self);
    const decision = confirmAlarm(first, others, [self, ...probes], mode);
    const cloaking = vantageCloaking([first, ...others]);
    const url = held.event.page.url;
    if (decision.decision === 'awaiting') {
      if (now() - held.since < this.#o.confirmWithinMs) {
        const asked = await this.#o.jobs.request(pageId, decision.missing, now());
        if (asked.length > 0) this.#o.onRequested?.();
        return;
      }
      log.warn(
        { page: pageId, url, missing: decision.missing },
        'vantages did not answer in time: alarm pages unconfirmed',
      );
      return this.#release(pageId, held, null);
    }
    if (decision.decision === 'confirmed' || decision.decision === 'not-alarm') {
      log.info({ page: pageId, url, agreeing: 'agreeing' in decision ? decision.agreeing : [] }, 'alarm confirmed');
      return this.#release(pageId, held, cloaking);
    }
    if (cloaking) {
      log.warn({ page: pageId, url, reason: cloaking.message }, 'vantages disagree on the page’s content: cloaking');
      return this.#release(pageId, held, cloaking);
    }
    this.#held.delete(pageId);
    log.info(
      { page: pageId, url, agreeing: decision.agreeing, disagreeing: decision.disagreeing },
      'alarm refuted by the other vantages: a fault local to this vantage, not paged',
    );
  }

  #release(pageId: number, held: Held, extra: Reason | null): Promise<void> {
    this.#held.delete(pageId);
    this.#confirmed.set(pageId, held.event.check.verdict);
    const { event } = held;
    if (!extra) return this.#o.inner.onCheck(event);
    const check = { ...event.check, reasons: [...event.check.reasons, extra] };
    return this.#o.inner.onCheck({ ...event, check });
  }

  #first(event: CheckEvent): VantageReport {
    return { vantage: this.#o.self, verdict: event.check.verdict, bodySha256: event.check.bodySha256 };
  }

  /** One decision at a time per page: a report and a check arriving together must not release twice. */
  #inTurn(pageId: number, fn: () => Promise<void>): Promise<void> {
    const next = (this.#chains.get(pageId) ?? Promise.resolve()).then(fn);
    const settled = next.catch(() => undefined);
    this.#chains.set(pageId, settled);
    void settled.then(() => {
      if (this.#chains.get(pageId) === settled) this.#chains.delete(pageId);
    });
    return next;
  }
}
