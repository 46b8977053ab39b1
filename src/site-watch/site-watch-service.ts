/**
 * The site watches as a stage of the pipeline: each look (DNS resolution, TLS handshake, RDAP lookup,
 * a home page's headers) is judged by the pure comparisons of core/site against what the watch has
 * learnt, recorded as a look, and folded into the site's incident by the IncidentService, so it is
 * notified and shown like a page check's finding. The decisions are core's; this moves data.
 */
import type { Logger } from 'pino';
import type { Resolver } from 'node:dns/promises';
import { compareDns, type DnsBaseline } from '../core/site/dns.ts';
import { compareDomain, type DomainBaseline } from '../core/site/domain.ts';
import { watchSignal, type WatchComparison, type WatchFinding, type WatchKind } from '../core/site/findings.ts';
import type { IncidentKind } from '../core/incidents/types.ts';
import { compareHeaders, securityHeadersOf, type HeadersBaseline, type SecurityHeaders } from '../core/site/headers.ts';
import { NO_MEMORY } from '../core/site/incident.ts';
import { compareTls, type TlsBaseline } from '../core/site/tls.ts';
import type { IncidentService } from '../incidents/incident-service.ts';
import type { IncidentStore } from '../incidents/incident-store.ts';
import type { Site, EstateStore } from '../store/types.ts';
import type { Clock } from '../pipeline/clock.ts';
import type { EvidenceStore } from '../evidence/evidence-store.ts';
import type { NetworkPolicy } from '../fetch/types.ts';
import type { CheckEvent, CheckObserver } from '../pipeline/check-event.ts';
import { resolveSite } from './dns-resolve.ts';
import { lookupDomain } from './rdap.ts';
import type { LookOutcome, SiteWatchStore } from './site-watch-store.ts';
import { watchTargets } from './targets.ts';
import { probeTls } from './tls-probe.ts';

export interface SiteWatchSettings {
  intervalSeconds: number;
  timeoutMs: number;
  learnSamples: number;
  renewalDays: number;
  expiryDays: readonly number[];
  rdapBaseUrl?: string | undefined;
  /** Hours between two RDAP lookups of one site's domain. */
  rdapIntervalHours: number;
  names: Readonly<Record<string, string>>;
}

export interface SiteWatchDeps {
  store: EstateStore;
  watches: SiteWatchStore;
  incidents: IncidentService;
  incidentStore: IncidentStore;
  resolver: Resolver;
  /** Extra trust anchors (PEM) for the certificate watch. */
  extraCa: readonly string[];
  /** Which addresses the certificate watch may connect to (config `network`, as for page fetches). */
  policy: NetworkPolicy;
  settings: SiteWatchSettings;
  clock: Clock;
  log: Logger;
  /** The custody ledger: each change a watch sees is entered there, hash-chained with the captures. */
  ledger?: Pick<EvidenceStore, 'append'>;
}

/** One look's result, as the caller (a test, the demo, the loop's log) sees it. */
export interface LookResult {
  watch: WatchKind;
  subject: string;
  outcome: LookOutcome;
  codes: string[];
  /** The finding a person should read first, when one warrants an incident. */
  lead: WatchFinding | null;
  /** The incident kind the look warrants, when it does. */
  kind: IncidentKind | null;
  incidentId: number | null;
}

/** Told of every look, after it is recorded (the demo's narration). */
export type LookListener = (site: Site, result: LookResult) => void;

const RANK = { info: 0, low: 1, medium: 2, high: 3 } as const;
/** Sites looked at together in a round. */
const LOOK_CONCURRENCY = 4;

function leadFinding(findings: readonly WatchFinding[]): WatchFinding | null {
  const acting = findings.filter((f) => f.incident !== null);
  return acting.sort((a, b) => RANK[b.severity] - RANK[a.severity])[0] ?? null;
}

/** A snapshot as plain JSON (what the ledger's canonical JSON takes). */
function toJson(value: unknown): object {
  return JSON.parse(JSON.stringify(value ?? null) ?? 'null') as object;
}

function sameHeaders(a: SecurityHeaders, b: SecurityHeaders): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof SecurityHeaders>;
  return [...keys].every((k) => a[k] === b[k]);
}

export class SiteWatchService implements CheckObserver {
  readonly name = 'site-watch';
  readonly #d: SiteWatchDeps;
  #timer: NodeJS.Timeout | null = null;
  readonly #listeners: LookListener[] = [];
  /** When each site's domain was last asked about (RDAP is paced, and registries limit it). */
  readonly #rdapAt = new Map<number, number>();
  #running: Promise<void> | null = null;

  constructor(deps: SiteWatchDeps) {
    this.#d = deps;
  }

  onLook(listener: LookListener): void {
    this.#listeners.push(listener);
  }

  /** Look at every site now, a few at a time (each look is a few lookups and a handshake, mostly waiting). */
  lookAtAll(): Promise<LookResult[]> {
    return this.#lookAtAll(() => true);
  }

  /** Every site while `going()` holds: a loop told to stop takes no further site. */
  async #lookAtAll(going: () => boolean): Promise<LookResult[]> {
    const sites = await this.#d.store.listSites();
    const out: LookResult[] = [];
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < sites.length && going(); i = next++) out.push(...(await this.lookAt(sites[i]!)));
    };
    await Promise.all(Array.from({ length: Math.min(LOOK_CONCURRENCY, sites.length) }, worker));
    return out;
  }

  /** The scheduled watches of one site: DNS, certificate and domain registration. */
  async lookAt(site: Site): Promise<LookResult[]> {
    const { settings, resolver, extraCa, policy } = this.#d;
    const targets = watchTargets(site.origin, settings.names);
    const out: LookResult[] = [];
    const now = () => this.#d.clock.now();
    if (targets.name) {
      const name = targets.name;
      out.push(
        await this.#look(
          site,
          'dns',
          name,
          () => resolveSite(name, resolver),
          (b: DnsBaseline | null, s) => compareDns(b, s, { learnSamples: settings.learnSamples }),
        ),
      );
    }
    if (targets.tls) {
      const { host, port, name } = targets.tls;
      out.push(
        await this.#look(
          site,
          'tls',
          `${name} (${host}:${port})`,
          () => probeTls(host, port, name, { timeoutMs: settings.timeoutMs, extraCa, policy }),
          (b: TlsBaseline | null, s) =>
            compareTls(b, s, { now: now(), expiryDays: settings.expiryDays, renewalDays: settings.renewalDays }),
        ),
      );
    }
    const rdapDue = (this.#rdapAt.get(site.id) ?? -Infinity) + settings.rdapIntervalHours * 3_600_000 <= now();
    if (targets.domain && settings.rdapBaseUrl && rdapDue) {
      this.#rdapAt.set(site.id, now());
      const base = settings.rdapBaseUrl;
      const domain = targets.domain;
      out.push(
        await this.#look(
          site,
          'domain',
          domain,
          () => lookupDomain(base, domain, settings.timeoutMs),
          (b: DomainBaseline | null, s) => compareDomain(b, s, { now: now(), expiryDays: settings.expiryDays }),
        ),
      );
    }
    return out;
  }

  /** The headers watch: a site's home page headers, from the page check that fetched them. */
  async onCheck(event: CheckEvent): Promise<void> {
    const { fetch, page, site } = event;
    if (!fetch.ok || fetch.page.status !== 200 || page.url !== `${site.origin}/`) return;
    const headers = securityHeadersOf(fetch.page.headers);
    // Most checks see the headers learnt, with no incident to follow: one read, no write.
    const stored = await this.#d.watches.state(site.id, 'headers');
    const learnt = (stored?.baseline as HeadersBaseline | null | undefined)?.headers;
    if (stored?.memory.incidentId === null && learnt && sameHeaders(learnt, headers)) return;
    await this.#look(
      site,
      'headers',
      page.url,
      () => Promise.resolve(headers),
      (b: HeadersBaseline | null, s) => compareHeaders(b, s, page.url),
    );
  }

  /** Look at every site every `intervalSeconds`, the first time at once. */
  start(): void {
    if (this.#timer || this.#running) return;
    const round = () => {
      this.#timer = null;
      this.#running = this.#lookAtAll(() => !this.#stopped)
        .then(
          () => undefined,
          (error: unknown) => this.#d.log.warn({ err: error }, 'site watch round failed'),
        )
        .finally(() => {
          this.#running = null;
          if (this.#stopped) return;
          this.#timer = setTimeout(round, this.#d.settings.intervalSeconds * 1000);
          this.#timer.unref();
        });
    };
    this.#stopped = false;
    round();
  }

  #stopped = false;

  /** Stop the loop: no new round, no further site in the running one; the looks under way finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  /**
   * Run the loop only while this process leads (in a cluster, while it holds the scheduler lease):
   * several processes looking would each resolve, handshake and ask RDAP, and registries limit RDAP.
   * Gains and losses apply in order, a stop finished before the next start, so a lease lost and
   * taken back at once leaves the loop running.
   */
  setActive(active: boolean): Promise<void> {
    this.#transition = this.#transition.then(async () => {
      const was = this.#looping();
      if (active) this.start();
      else await this.stop();
      if (was !== active)
        this.#d.log.info(active ? 'site watches run in this process' : 'site watches stopped in this process');
    });
    return this.#transition;
  }

  #transition: Promise<void> = Promise.resolve();

  #looping(): boolean {
    return !this.#stopped && (this.#timer !== null || this.#running !== null);
  }

  async #look<S, B>(
    site: Site,
    watch: WatchKind,
    subject: string,
    observe: () => Promise<S>,
    compare: (baseline: B | null, snapshot: S) => WatchComparison<B | null>,
  ): Promise<LookResult> {
    const { watches, incidents, clock, log } = this.#d;
    const at = clock.now();
    const stored = (await watches.state(site.id, watch)) ?? { baseline: null, memory: NO_MEMORY };
    let { baseline, memory } = stored;
    if (memory.incidentId !== null && (await this.#acceptedByAnalyst(memory.incidentId))) {
      // An analyst closed the incident: what the watch sees now is accepted, and learnt afresh.
      baseline = null;
      memory = NO_MEMORY;
    }
    let snapshot: S;
    try {
      snapshot = await observe();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.warn({ site: site.origin, watch, err: message }, 'site watch look failed');
      await watches.addLook({
        siteId: site.id,
        watch,
        at,
        subject,
        outcome: 'error',
        snapshot: null,
        findings: [],
        error: message,
        incidentId: null,
      });
      return this.#tell(site, {
        watch,
        subject,
        outcome: 'error',
        codes: [],
        lead: null,
        kind: null,
        incidentId: null,
      });
    }
    const comparison = compare(baseline as B | null, snapshot);
    const signal = watchSignal(comparison.findings);
    const look = { watch, organisationId: site.organisationId, siteId: site.id, siteName: site.name, at, signal };
    const folded = await incidents.siteWatchLook(look, memory);
    await watches.saveState(site.id, watch, { baseline: comparison.baseline, memory: folded.memory }, at);
    const outcome: LookOutcome = signal ? 'findings' : 'ok';
    const incidentId = signal ? (folded.incident?.id ?? null) : null;
    const recorded = await watches.addLook({
      siteId: site.id,
      watch,
      at,
      subject,
      outcome,
      snapshot,
      findings: comparison.findings,
      error: null,
      incidentId,
    });
    const codes = comparison.findings.map((f) => f.code);
    if (recorded.inserted && this.#d.ledger)
      await this.#d.ledger.append({
        kind: 'site-watch',
        recordedAt: clock.now(),
        pageId: null,
        checkId: null,
        url: site.origin,
        observedAt: at,
        refersToSeq: null,
        evidenceSha256: null,
        details: {
          siteId: site.id,
          watch,
          subject,
          outcome,
          lookId: recorded.id,
          incidentId,
          codes,
          snapshot: toJson(snapshot),
        },
      });
    const lead = signal ? leadFinding(signal.findings) : null;
    return this.#tell(site, { watch, subject, outcome, codes, lead, kind: signal?.kind ?? null, incidentId });
  }

  #tell(site: Site, result: LookResult): LookResult {
    for (const listener of this.#listeners) listener(site, result);
    return result;
  }

  async #acceptedByAnalyst(incidentId: number): Promise<boolean> {
    const incident = await this.#d.incidentStore.get(incidentId);
    return incident !== null && (incident.resolution === 'resolved' || incident.resolution === 'false_positive');
  }
}
