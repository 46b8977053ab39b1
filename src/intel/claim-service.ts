/**
 * Claims of attacks, verified at once: the claim's target (a page, a site's key pages, or an
 * organisation's) is resolved against the estate, checked now through the normal pipeline (so a
 * confirmed claim has the same evidence and incident as any detection), and judged by the pure
 * `judgeClaim`. Unknown targets are unverifiable, recorded all the same.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { foldText, judgeClaim, parseClaim, type ClaimIncident, type ClaimObservation } from '../core/intel/index.ts';
import { normalisePageUrl, siteOrigin } from '../config/urls.ts';
import { consoleStatus } from '../core/console-status.ts';
import { isActive } from '../core/incidents/index.ts';
import type { IncidentStore } from '../incidents/incident-store.ts';
import type { Page, Site, EstateStore } from '../store/types.ts';
import type { CheckEvent } from '../pipeline/check-event.ts';
import type { IntelStore } from './intel-store.ts';
import type { Claim } from './types.ts';

export interface ClaimRequest {
  text: string;
  /** The URL the claim is about, when the caller knows it better than the text says. */
  url?: string;
  source: string;
  sourceUrl?: string | null;
  threatId?: string | null;
  /** The source's own id, for de-duplication of feed items. */
  key?: string;
}

export interface ClaimServiceDeps {
  intel: IntelStore;
  store: EstateStore;
  incidents: IncidentStore;
  /** Run one check of a stored page through the whole pipeline (CheckService.checkPage). */
  checkPage: (pageId: number) => Promise<CheckEvent | null>;
  minSamples: number;
  /** Most pages checked for a claim that names a site or organisation. */
  maxPages: number;
  /**
   * How far back a claim reaches (`intel.claimWindowHours`): a page of the target seen down, or an
   * availability incident open, within this window before the claim supports a takedown claim.
   */
  windowMs: number;
  now: () => number;
  log: Logger;
}

interface Target {
  pages: Page[];
  siteId: number | null;
  organisationId: number | null;
  /** Every site the claim names (a page's own site for a page claim). */
  siteIds: number[];
  /** Set when the claim names one page: only that page's record counts. */
  pageId: number | null;
}

/** Down pages of a named target read from the store (not only those checked now), at most. */
const MAX_RECORDED_DOWN = 20;
/** Incidents of a named site read per site, newest first, at most. */
const MAX_SITE_INCIDENTS = 200;

export function claimId(request: Pick<ClaimRequest, 'key' | 'text' | 'source' | 'url'>, now: number): string {
  // API claims are each their own (the same words may be claimed again later); feed items are keyed.
  const identity =
    request.key !== undefined && request.key !== ''
      ? `key:${request.key}`
      : `at:${now}:${request.url ?? ''}:${request.text}`;
  return `clm-${createHash('sha256').update(`${request.source}\n${identity}`).digest('hex').slice(0, 16)}`;
}

export class ClaimService {
  constructor(private readonly deps: ClaimServiceDeps) {}

  /** Record the claim, check its target now, and settle it. A feed item seen before is returned as stored. */
  async verify(request: ClaimRequest): Promise<Claim> {
    const { intel, log } = this.deps;
    const createdAt = this.deps.now();
    const id = claimId(request, createdAt);
    const existing = await intel.getClaim(id, 'all');
    if (existing) return existing;
    const parsed = parseClaim(request.text);
    const target = await this.resolve(request, parsed.urls, parsed.hosts);
    const targetUrl = request.url ?? parsed.urls[0] ?? target.pages[0]?.url ?? null;
    await intel.addClaim({
      id,
      text: request.text,
      source: request.source,
      sourceUrl: request.sourceUrl ?? null,
      targetUrl,
      asserts: parsed.asserts,
      organisationId: target.organisationId,
      siteId: target.siteId,
      threatId: request.threatId ?? null,
      createdAt,
    });
    // At once, not one after another: the host gate still spaces requests to one host politely.
    const events = await Promise.all(target.pages.map((page) => this.deps.checkPage(page.id)));
    const observations: ClaimObservation[] = events.flatMap((event) => (event ? [this.observation(event)] : []));
    // A takedown is often of pages other than the few checked now, and may be over by now: the
    // target's pages seen down and its availability incidents within the claim's window count too.
    if (parsed.asserts !== 'defaced') observations.push(...(await this.recordedDown(target, observations, createdAt)));
    const incidents = await this.incidentsInWindow(target, createdAt);
    const judged = judgeClaim(parsed.asserts, observations, incidents);
    const claim = await intel.settleClaim(id, {
      ...judged,
      checkIds: observations.map((o) => o.checkId),
      checkedAt: this.deps.now(),
      organisationId: target.organisationId,
      siteId: target.siteId,
    });
    log.info({ claim: claim.id, status: claim.status, target: targetUrl, checks: claim.checkIds }, 'claim checked');
    return claim;
  }

  private observation(event: CheckEvent): ClaimObservation {
    const { check, page } = event;
    const learnt = (page.baselineFacts?.samples ?? 0) >= this.deps.minSamples;
    const first = check.reasons.find((r) => r.severity !== 'info') ?? check.reasons[0];
    return {
      pageId: page.id,
      url: page.url,
      checkId: check.id,
      verdict: check.verdict,
      learnt,
      reason: first?.message ?? null,
    };
  }

  /**
   * The target's incidents that were open at some time in the claim's window: still active, or
   * resolved after the window began. Page incidents only (a site incident repeats its pages).
   */
  private async incidentsInWindow(target: Target, at: number): Promise<ClaimIncident[]> {
    const from = at - this.deps.windowMs;
    const found: ClaimIncident[] = [];
    for (const siteId of target.siteIds) {
      for (const i of await this.deps.incidents.list({ siteId, scope: 'page', limit: MAX_SITE_INCIDENTS })) {
        if (target.pageId !== null && i.pageId !== target.pageId) continue;
        if (isActive(i.state) || (i.resolvedAt ?? 0) >= from) found.push({ id: i.id, kind: i.kind, pageId: i.pageId });
      }
    }
    return found;
  }

  /**
   * Pages of the target whose last check, within the window, found them down or degraded (by the
   * one outcome-to-state mapping; a page Mamori's own policy refused says nothing), beyond those
   * checked now.
   */
  private async recordedDown(
    target: Target,
    seen: readonly ClaimObservation[],
    at: number,
  ): Promise<ClaimObservation[]> {
    const from = at - this.deps.windowMs;
    const checked = new Set(seen.map((o) => o.pageId));
    const out: ClaimObservation[] = [];
    for (const siteId of target.siteIds) {
      const { items } = await this.deps.store.listPages({ siteId, status: 'down', limit: MAX_RECORDED_DOWN });
      for (const page of items) {
        if (out.length >= MAX_RECORDED_DOWN) return out;
        if (checked.has(page.id) || page.lastCheckId === null || (page.lastCheckedAt ?? 0) < from) continue;
        if (target.pageId !== null && page.id !== target.pageId) continue;
        const check = await this.deps.store.getCheck(page.lastCheckId);
        if (!check || consoleStatus(check.verdict, check.outcome) === 'unknown') continue;
        const first = check.reasons.find((r) => r.severity !== 'info') ?? check.reasons[0];
        out.push({
          pageId: page.id,
          url: page.url,
          checkId: check.id,
          verdict: 'down',
          learnt: (page.baseline?.samples ?? 0) >= this.deps.minSamples,
          reason: first?.message ?? null,
        });
      }
    }
    return out;
  }

  /** The pages a claim is about: a page it names, else the key pages of a site or organisation it names. */
  private async resolve(request: ClaimRequest, urls: string[], hosts: string[]): Promise<Target> {
    const { store } = this.deps;
    for (const raw of [request.url, ...urls]) {
      if (raw === undefined || !URL.canParse(raw)) continue;
      const page = await store.getPageByUrl(normalisePageUrl(raw));
      if (page) {
        const site = await store.getSite(page.siteId);
        return {
          pages: [page],
          siteId: page.siteId,
          organisationId: site?.organisationId ?? null,
          siteIds: [page.siteId],
          pageId: page.id,
        };
      }
      const site = await store.getSiteByOrigin(siteOrigin(raw));
      if (site) return this.siteTarget([site]);
    }
    const sites = await store.listSites();
    const named = [
      ...hosts,
      ...[request.url, ...urls]
        .filter((u): u is string => u !== undefined && URL.canParse(u))
        .map((u) => new URL(u).hostname),
    ].map((h) => h.replace(/^www\./, ''));
    const byHost = sites.filter((s) =>
      named.some((h) => {
        const own = new URL(s.origin).hostname.replace(/^www\./, '');
        return h === own || h.endsWith(`.${own}`);
      }),
    );
    if (byHost.length > 0) return this.siteTarget(byHost);
    const text = foldText(request.text);
    const orgs = (await store.listOrganisations()).filter((o) =>
      [o.name, ...o.aliases].some((n) => text.includes(foldText(n))),
    );
    if (orgs.length === 1 && orgs[0]) return this.siteTarget(sites.filter((s) => s.organisationId === orgs[0]?.id));
    // No name, or several organisations at once: a claim must say which target it is about.
    return { pages: [], siteId: null, organisationId: null, siteIds: [], pageId: null };
  }

  private async siteTarget(sites: Site[]): Promise<Target> {
    const pages: Page[] = [];
    for (const site of sites) {
      if (pages.length >= this.deps.maxPages) break;
      const list = await this.deps.store.listPages({ siteId: site.id, limit: this.deps.maxPages });
      // The home page first: it is what a claim's screenshot usually shows.
      const ordered = [...list.items].sort((a, b) => rank(a, site) - rank(b, site) || a.id - b.id);
      pages.push(...ordered.slice(0, this.deps.maxPages - pages.length));
    }
    const organisations = new Set(sites.map((s) => s.organisationId));
    return {
      pages,
      siteId: sites.length === 1 ? (sites[0]?.id ?? null) : null,
      organisationId: organisations.size === 1 ? (sites[0]?.organisationId ?? null) : null,
      siteIds: sites.map((s) => s.id),
      pageId: null,
    };
  }
}

function rank(page: Page, site: Site): number {
  const path = new URL(page.url).pathname;
  return page.url.startsWith(site.origin) && (path === '/' || path === '/index.html') ? 0 : 1;
}
