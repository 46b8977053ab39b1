import type { Logger } from 'pino';
import type { Assessment } from '../core/assess.ts';
import type { Baseline } from '../core/baseline.ts';
import type { Verdict } from '../core/verdict.ts';
import type { Fetcher } from '../fetch/types.ts';
import { Prober, judgeProbeByFacts, judgeProbeWith, type PriorPage, type Probe } from './probe.ts';
import type { Analyser } from '../analysis/types.ts';
import { inlineAnalyser } from '../analysis/inline-analyser.ts';
import type { BlobStore } from '../store/blob-store.ts';
import type { Check, NewCheck, Page, PageHead, Site, EstateStore } from '../store/types.ts';
import type { Clock } from '../pipeline/clock.ts';
import type { CheckEvent, CheckObserver, CheckTrigger } from '../pipeline/check-event.ts';
import type { PolitenessGate } from './host-gate.ts';
import { CheckWriter, type WriteSlot } from './check-writer.ts';

export interface CheckServiceDeps {
  store: EstateStore;
  blobs: BlobStore;
  fetcher: Fetcher;
  gate: PolitenessGate;
  clock: Clock;
  log: Logger;
  minSamples: number;
  /** Where pages are analysed: the worker pool (src/analysis) in the app; inline when absent (unit tests). */
  analyser?: Analyser;
  observers?: CheckObserver[];
  /** A second look before the verdict is stored: the rendered view (src/render/render-stage.ts). */
  reviewer?: CheckReviewer;
}

/** Reviews a static assessment (by rendering the page, say) and returns the one to store. */
export interface CheckReviewer {
  review(page: PageHead, assessment: Assessment, fetched: boolean, now: number): Promise<Assessment>;
}

/**
 * One check of one page: fetch → analyse → compare with baseline → verdict → store → observers.
 * The decisions live in `core/assess`; this class only moves data between the layers.
 */
/** Sites change rarely; re-reading one per check was a measurable share of an unchanged check's cost. */
const SITE_CACHE_MS = 60_000;
/** Pages of a site looked at for one to stand for its normal (declared pages come first by id). */
const SITE_NORMAL_CANDIDATES = 50;

function isTrusted(baseline: Baseline | null): baseline is Baseline {
  return baseline !== null && baseline.held !== true && !baseline.untrusted && baseline.samples > 0;
}

export class CheckService {
  private readonly observers: CheckObserver[];
  private readonly sites = new Map<number, { site: Site; at: number }>();
  private readonly writer: CheckWriter;
  private readonly prober: Prober;

  constructor(private readonly deps: CheckServiceDeps) {
    this.observers = [...(deps.observers ?? [])];
    this.writer = new CheckWriter(deps.store);
    this.prober = new Prober(deps.fetcher, deps.gate, deps.clock);
  }

  addObserver(observer: CheckObserver): void {
    this.observers.push(observer);
  }

  /** Check a stored page and record the result. Returns null when the page no longer exists. */
  async checkPage(pageId: number, trigger: CheckTrigger = 'schedule'): Promise<CheckEvent | null> {
    // From now on the writer's group may wait for this check's write (check-writer.ts).
    const slot = this.writer.reserve();
    try {
      return await this.#checkPage(pageId, trigger, slot);
    } finally {
      slot.release();
    }
  }

  async #checkPage(pageId: number, trigger: CheckTrigger, slot: WriteSlot): Promise<CheckEvent | null> {
    const { store, minSamples } = this.deps;
    // The page without its baseline: most checks see the body they saw last time, and are judged by
    // the baseline's facts alone (store columns of their own), the baseline itself never read.
    const page = await store.getPageHead(pageId);
    if (!page) return null;
    const site = await this.site(page.siteId);
    if (!site) return null;
    const probe = await this.probe(page.url);
    const previous = await this.previousVerdict(page);
    const judging = this.deps.clock.now();
    const judged =
      judgeProbeByFacts(page.url, probe, page, previous, minSamples) ??
      (await this.judgeWithBaseline(page, probe, previous));
    // The check's duration covers its analysis too: a page that keeps the analyser busy shows as slow.
    const durationMs = probe.durationMs + (this.deps.clock.now() - judging);
    const { reviewer } = this.deps;
    const assessment = reviewer ? await reviewer.review(page, judged, probe.fetch.ok, this.deps.clock.now()) : judged;
    // Never `{ ...probe }`: spreading reads its `body` getter, which joins the body into one buffer.
    const check = await this.record(slot, page, probe, durationMs, assessment);
    const event: CheckEvent = {
      trigger,
      page,
      site,
      check,
      previousStatus: page.status,
      assessment,
      fetch: probe.fetch,
    };
    await this.notify(event);
    return event;
  }

  /**
   * Check a URL now and judge it exactly as the watch would (its stored baseline, its last body and
   * its standing verdict), without recording anything: `mamori check`. No review by rendering, which
   * keeps state of its own.
   */
  async checkWithoutRecording(url: string, page: Page | null): Promise<{ probe: Probe; assessment: Assessment }> {
    const probe = await this.probe(url);
    const previous = page ? await this.previousVerdict(page) : null;
    return { probe, assessment: await this.judge(page?.url ?? url, probe, page, previous) };
  }

  /** Fetch a URL within the host's politeness limits and hash what came back. */
  probe(url: string): Promise<Probe> {
    return this.prober.probe(url);
  }

  /** Judge a probe against a page's prior state, the analysis within the analyser's limits. */
  judge(url: string, probe: Probe, page: PriorPage | null, previous: Verdict | null): Promise<Assessment> {
    return judgeProbeWith(this.deps.analyser ?? inlineAnalyser, url, probe, page, previous, this.deps.minSamples);
  }

  /** Judge a check that needs the page's baseline (a body to analyse, say), read now. */
  private async judgeWithBaseline(head: PageHead, probe: Probe, previous: Verdict | null): Promise<Assessment> {
    const page: Page = { ...head, baseline: await this.deps.store.getBaseline(head.id) };
    return this.judge(page.url, probe, await this.withSiteContext(page), previous);
  }

  /**
   * A page that discovery found is judged with its site's context until it has a trusted normal: at
   * its first check, and while its first sight is held as suspect. Every other page as it is.
   */
  private async withSiteContext(page: Page): Promise<PriorPage> {
    if (page.source !== 'discovered') return page;
    // No normal yet, and not one an analyst just asked to relearn (the last verdict would then be a
    // content finding): a first check that failed (down) still leaves the page at first sight.
    const firstSight = page.baseline === null && (page.status === 'pending' || page.status === 'down');
    if (!firstSight && page.baseline?.held !== true) return page;
    return { ...page, site: { baseline: await this.siteNormal(page) } };
  }

  /** The baseline of a learnt page of the site to stand for its normal: its home page, else the most learnt. */
  private async siteNormal(page: Page): Promise<Baseline | null> {
    const { items } = await this.deps.store.listPages({ siteId: page.siteId, limit: SITE_NORMAL_CANDIDATES });
    const learnt = items.filter((p) => p.id !== page.id && p.source !== 'discovered' && isTrusted(p.baseline));
    const home = learnt.find((p) => new URL(p.url).pathname === '/');
    const best = home ?? [...learnt].sort((a, b) => (b.baseline?.samples ?? 0) - (a.baseline?.samples ?? 0))[0];
    return best?.baseline ?? null;
  }

  private async site(id: number): Promise<Site | null> {
    const now = this.deps.clock.now();
    const cached = this.sites.get(id);
    if (cached && now - cached.at < SITE_CACHE_MS) return cached.site;
    const site = await this.deps.store.getSite(id);
    if (site) this.sites.set(id, { site, at: now });
    return site;
  }

  private async previousVerdict(page: Pick<Page, 'status' | 'lastCheckId'>): Promise<Verdict | null> {
    if (page.status === 'pending' || page.lastCheckId === null) return null;
    if (page.status === 'unchanged' || page.status === 'changed') return { kind: page.status, reasons: [] };
    const last = await this.deps.store.getCheck(page.lastCheckId);
    return last ? { kind: last.verdict, reasons: last.reasons } : { kind: page.status, reasons: [] };
  }

  private async record(
    slot: WriteSlot,
    page: PageHead,
    probe: Probe,
    durationMs: number,
    assessment: Assessment,
  ): Promise<Check> {
    // `probe.body` is read only for a new body: an unchanged one is never joined into one buffer.
    const { fetch, bodyBytes, bodySha256 } = probe;
    // Only a new body costs a write; an unchanged page costs a row.
    if (bodySha256 && bodySha256 !== page.lastBodySha256 && probe.body) await this.deps.blobs.put(probe.body);
    const info = fetch.ok ? fetch.page : fetch.failure;
    const check: NewCheck = {
      pageId: page.id,
      startedAt: probe.startedAt,
      durationMs,
      outcome: assessment.outcome,
      httpStatus: info.status,
      redirects: info.redirects,
      headers: info.headers,
      bodyBytes,
      bodySha256,
      bodyKept: bodyBytes !== null,
      charset: fetch.ok ? fetch.page.charset : null,
      remoteAddress: info.remoteAddress,
      verdict: assessment.verdict.kind,
      reasons: assessment.verdict.reasons,
    };
    return slot.write({
      check,
      update: {
        status: assessment.verdict.kind,
        // After a failure the next good body must be analysed in full, never fast-pathed.
        lastBodySha256: fetch.ok ? bodySha256 : null,
        ...(assessment.baseline !== undefined ? { baseline: assessment.baseline } : {}),
      },
    });
  }

  private async notify(event: CheckEvent): Promise<void> {
    for (const observer of this.observers) {
      try {
        await observer.onCheck(event);
      } catch (error) {
        // One failing stage must not stop the others; the check itself is already stored.
        this.deps.log.error({ err: error, observer: observer.name, pageId: event.page.id }, 'check observer failed');
      }
    }
  }
}
