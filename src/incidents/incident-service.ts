/**
 * Incidents as a stage of the check pipeline (a CheckObserver), and the analyst's actions on them.
 * The decisions are the pure functions of core/incidents; this reads the state they need, writes the
 * plan they return (with the outbox rows it causes, in one transaction), and groups campaigns.
 */
import type { Logger } from 'pino';
import {
  applyAction,
  groupIntoCampaign,
  rollupCheck,
  siteAfterPageClosed,
  type ActionRequest,
  type IncidentChange,
  type RollupPlan,
} from '../core/incidents/index.ts';
import { isActive } from '../core/incidents/index.ts';
import {
  planWatchIncident,
  type WatchIncidentMemory,
  type WatchIncidentPlan,
  type WatchLook,
} from '../core/site/incident.ts';
import { route, type RoutingConfig, type RoutingContext } from '../alert/routing.ts';
import type { EstateStore } from '../store/types.ts';
import type { CheckEvent, CheckObserver } from '../pipeline/check-event.ts';
import type { IncidentStore, Router } from './incident-store.ts';
import { toSnapshot } from './rows.ts';
import type { Incident, IncidentEvent } from '../core/incidents/records.ts';

export interface IncidentServiceOptions {
  incidents: IncidentStore;
  store: EstateStore;
  routing: RoutingConfig;
  restoreAfterChecks: number;
  campaignWindowMs: number;
  log: Logger;
  /** Called after a write that enqueued notifications, so delivery need not wait for the next poll. */
  onEnqueued?: () => void;
  /** The threat an organisation is under now (src/intel's heightened watch): new incidents are linked to it. */
  threatOf?: (organisationId: number) => { id: string; title: string } | null;
}

export type ActionResult =
  { ok: true; incident: Incident; events: IncidentEvent[] } | { ok: false; status: 404 | 409; message: string };

/** A plan that writes nothing. Module level: a function defined per check costs its naming too (issue 21). */
function isQuiet(plan: RollupPlan): boolean {
  return !plan.page && !plan.site && plan.endSilence === null;
}

export class IncidentService implements CheckObserver {
  readonly name = 'incidents';
  readonly #o: IncidentServiceOptions;
  /** One rollup at a time per site, so two pages of a site failing at once open one site incident. */
  readonly #siteChains = new Map<number, Promise<void>>();

  constructor(options: IncidentServiceOptions) {
    this.#o = options;
  }

  onCheck(event: CheckEvent): Promise<void> {
    const siteId = event.site.id;
    const previous = this.#siteChains.get(siteId) ?? Promise.resolve();
    const next = previous.then(() => this.#rollup(event));
    const settled = next.catch(() => undefined);
    this.#siteChains.set(siteId, settled);
    void settled.then(() => {
      if (this.#siteChains.get(siteId) === settled) this.#siteChains.delete(siteId);
    });
    return next;
  }

  /**
   * A site watch's look (DNS, certificate, domain, headers) folded into the site's incident, in turn
   * with the site's page checks and under the same lock. Returns what the watch should remember.
   */
  siteWatchLook(
    look: WatchLook,
    memory: WatchIncidentMemory,
  ): Promise<{ memory: WatchIncidentMemory; incident: Incident | null }> {
    // Nothing found and no incident to follow: nothing to read or write.
    if (look.signal === null && memory.incidentId === null) return Promise.resolve({ memory, incident: null });
    const siteId = look.siteId;
    const previous = this.#siteChains.get(siteId) ?? Promise.resolve();
    const next = previous.then(() => this.#watchLook(look, memory));
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.#siteChains.set(siteId, settled);
    void settled.then(() => {
      if (this.#siteChains.get(siteId) === settled) this.#siteChains.delete(siteId);
    });
    return next;
  }

  async #watchLook(
    look: WatchLook,
    memory: WatchIncidentMemory,
  ): Promise<{ memory: WatchIncidentMemory; incident: Incident | null }> {
    const { incidents, restoreAfterChecks } = this.#o;
    const router = await this.#router(look.organisationId, look.siteId, null);
    let planned: WatchIncidentPlan = { change: null, memory };
    const written = await incidents.rollupSiteLocked(
      look.siteId,
      (state) => {
        planned = planWatchIncident(
          look,
          { site: state.site, activePages: state.siteOtherActivePages, memory },
          { restoreAfterChecks },
        );
        return { page: null, site: planned.change, endSilence: null, campaignCheck: planned.change?.op === 'open' };
      },
      router.route,
    );
    if (router.enqueued()) this.#o.onEnqueued?.();
    const opened = planned.change?.op === 'open' && written.site;
    if (opened && written.site) await this.#campaign(await this.#linkThreat(written.site, null, look.at), look.at);
    const kept = opened && written.site ? { ...planned.memory, incidentId: written.site.id } : planned.memory;
    return { memory: kept, incident: written.site };
  }

  async #rollup(event: CheckEvent): Promise<void> {
    const { incidents, restoreAfterChecks } = this.#o;
    const { page, site, check } = event;
    const state = await incidents.rollupState(page.id, site.id);
    const input = {
      checkId: check.id,
      pageId: page.id,
      pageUrl: page.url,
      siteId: site.id,
      siteName: site.name,
      organisationId: site.organisationId,
      at: check.startedAt,
      verdict: check.verdict,
      outcome: check.outcome,
      reasons: check.reasons,
    };
    // Most checks change nothing: decide on an unlocked read, and only take the site's lock (and
    // decide again on what is there under it) when something is to be written.
    if (isQuiet(rollupCheck(input, state, { restoreAfterChecks }))) return;
    const router = await this.#router(site.organisationId, site.id, page.url);
    const written = await incidents.rollupLocked(
      page.id,
      site.id,
      (locked) => rollupCheck(input, locked, { restoreAfterChecks }),
      router.route,
    );
    if (router.enqueued()) this.#o.onEnqueued?.();
    if (written.plan.campaignCheck && written.site)
      await this.#campaign(await this.#linkThreat(written.site, written.page, check.startedAt), check.startedAt);
  }

  /** An incident opened under a threat names it, so the threat's incidents form one campaign at any distance. */
  async #linkThreat(site: Incident, page: Incident | null, at: number): Promise<Incident> {
    const threat = site.threatId === null ? (this.#o.threatOf?.(site.organisationId) ?? null) : null;
    if (!threat) return site;
    const ids = page && page.threatId === null ? [site.id, page.id] : [site.id];
    const linked = await this.#o.incidents.linkThreat(ids, threat, at);
    this.#o.log.info(
      { incident: site.id, threat: threat.id },
      'incident linked to the threat its organisation is under',
    );
    return linked.find((i) => i.id === site.id) ?? site;
  }

  async #campaign(site: Incident, at: number): Promise<void> {
    const { incidents, campaignWindowMs, log } = this.#o;
    const candidates = await incidents.campaignCandidates(site, campaignWindowMs);
    const subject = {
      incidentId: site.id,
      siteId: site.siteId,
      organisationId: site.organisationId,
      openedAt: site.openedAt,
      signatures: site.signatures,
      hosts: site.hosts,
      threatId: site.threatId,
      campaignId: site.campaignId,
    };
    const decision = groupIntoCampaign(subject, candidates, { windowMs: campaignWindowMs });
    const campaign = await incidents.applyCampaign(decision, at);
    if (campaign)
      log.info({ campaign: campaign.id, title: campaign.title, incident: site.id }, 'incident grouped into a campaign');
  }

  /** A router bound to one site's context; it tells afterwards whether it routed anything. */
  async #router(
    organisationId: number,
    siteId: number,
    pageUrl: string | null,
  ): Promise<{ route: Router; enqueued: () => boolean }> {
    const [org, site] = await Promise.all([
      this.#o.store.getOrganisation(organisationId),
      this.#o.store.getSite(siteId),
    ]);
    const context: RoutingContext = {
      organisation: { id: organisationId, slug: org?.slug ?? String(organisationId), name: org?.name ?? '' },
      site: { id: siteId, name: site?.name ?? '', origin: site?.origin ?? '' },
      pageUrl,
    };
    let count = 0;
    return {
      route: (event, incident) => {
        const entries = route(this.#o.routing, event, incident, context);
        count += entries.filter((e) => e.state === 'pending').length;
        return entries;
      },
      enqueued: () => count > 0,
    };
  }

  /**
   * An analyst's action. On a site incident it applies to the site's active page incidents too (and
   * `approve_relearn` to those whose relearn is pending); closing a page's last active incident
   * closes the site incident with it.
   */
  async act(id: number, request: ActionRequest): Promise<ActionResult> {
    const { incidents } = this.#o;
    const incident = await incidents.get(id);
    if (!incident) return { ok: false, status: 404, message: `No incident ${id}.` };
    const children = incident.scope === 'site' ? await incidents.children(id) : [];
    const changes: IncidentChange[] = [];
    let resetBaselineOf: number | null = null;
    const own = applyAction(incident, request);
    const cascade =
      incident.scope === 'site'
        ? children.filter((c) =>
            request.action === 'approve_relearn'
              ? c.relearn === 'pending'
              : request.action === 'false_positive'
                ? c.state !== 'false_positive'
                : isActive(c.state),
          )
        : [];
    if (!own.ok && !(request.action === 'approve_relearn' && cascade.length > 0))
      return { ok: false, status: 409, message: own.message };
    if (own.ok) changes.push({ op: 'update', id, patch: own.patch, events: [own.event] });
    if (own.ok && own.resetsBaseline && incident.pageId !== null) resetBaselineOf = incident.pageId;
    const resets: number[] = [];
    for (const child of cascade) {
      const outcome = applyAction(child, request);
      if (!outcome.ok) continue;
      changes.push({ op: 'update', id: child.id, patch: outcome.patch, events: [outcome.event] });
      if (outcome.resetsBaseline && child.pageId !== null) resets.push(child.pageId);
    }
    if (own.ok && own.closes && incident.scope === 'page') {
      const siteChange = await this.#siteAfterClosing(incident, request.at, own.closes);
      if (siteChange) changes.push(siteChange);
    }
    const router = await this.#router(incident.organisationId, incident.siteId, null);
    const events = await incidents.applyChanges(changes, router.route, resetBaselineOf);
    for (const pageId of resets) await incidents.applyChanges([], router.route, pageId);
    if (router.enqueued()) this.#o.onEnqueued?.();
    const updated = await incidents.get(id);
    return updated
      ? { ok: true, incident: updated, events }
      : { ok: false, status: 404, message: `No incident ${id}.` };
  }

  async #siteAfterClosing(
    page: Incident,
    at: number,
    how: 'resolved' | 'false_positive',
  ): Promise<IncidentChange | null> {
    if (page.parentId === null) return null;
    const site = await this.#o.incidents.get(page.parentId);
    if (!site || !isActive(site.state)) return null;
    const others = (await this.#o.incidents.children(site.id)).filter(
      (c) => c.id !== page.id && isActive(c.state),
    ).length;
    const pageUrl = page.pageId === null ? '' : ((await this.#o.store.getPage(page.pageId))?.url ?? '');
    return siteAfterPageClosed(
      { site: toSnapshot(site), siteOtherActivePages: others },
      { at, checkId: null, pageId: page.pageId ?? 0, pageUrl },
      how,
    );
  }
}
