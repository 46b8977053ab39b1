/**
 * Which sites are on heightened watch now, read from the threats in the database so every process
 * (serve and each worker) agrees. Refreshed now and then and at once when a threat opens; a change
 * (a site newly watched closely, or its window over) is reported so the scheduler can re-pace it.
 */
import type { EstateStore } from '../store/types.ts';
import type { IntelStore } from './intel-store.ts';

export interface SiteWatch {
  organisationId: number;
  threatId: string;
  title: string;
  watchUntil: number;
}

export class HeightenedWatch {
  #sites = new Map<number, SiteWatch>();
  #byOrganisation = new Map<number, SiteWatch>();
  #timer: NodeJS.Timeout | null = null;
  #refreshing: Promise<number[]> | null = null;
  readonly #listeners: ((siteIds: number[]) => void)[] = [];

  constructor(private readonly deps: { intel: IntelStore; store: EstateStore; now: () => number }) {}

  /** Is this page's site on heightened watch? Synchronous: asked on every check. */
  isHeightened(page: { siteId: number }): boolean {
    const w = this.#sites.get(page.siteId);
    return w !== undefined && w.watchUntil > this.deps.now();
  }

  /** The threat an organisation is under now, if any (incidents opened meanwhile are linked to it). */
  threatOf(organisationId: number): { id: string; title: string } | null {
    const w = this.#byOrganisation.get(organisationId);
    return w !== undefined && w.watchUntil > this.deps.now() ? { id: w.threatId, title: w.title } : null;
  }

  /** Sites and their watch, for the API and logs. */
  sites(): ReadonlyMap<number, SiteWatch> {
    return this.#sites;
  }

  /** Be told the ids of sites whose heightened watch began or ended (the scheduler re-paces them). */
  onChange(listener: (siteIds: number[]) => void): void {
    this.#listeners.push(listener);
  }

  /** Re-read the active threats; returns (and tells the listeners) the sites whose watch began or ended. */
  refresh(): Promise<number[]> {
    // One read at a time; a caller arriving meanwhile waits for it and then reads again, so a
    // threat stored just before the call is always seen.
    const previous = this.#refreshing ?? Promise.resolve([]);
    const next = previous.catch(() => []).then(() => this.#read());
    this.#refreshing = next;
    void next
      .finally(() => {
        if (this.#refreshing === next) this.#refreshing = null;
      })
      .catch(() => undefined);
    return next;
  }

  async #read(): Promise<number[]> {
    const active = await this.deps.intel.activeTargets(this.deps.now());
    const byOrganisation = new Map(active.map((a) => [a.organisationId, { ...a }]));
    const sites = new Map<number, SiteWatch>();
    if (byOrganisation.size > 0) {
      for (const site of await this.deps.store.listSites()) {
        const w = byOrganisation.get(site.organisationId);
        if (w) sites.set(site.id, w);
      }
    }
    const changed = [...new Set([...sites.keys(), ...this.#sites.keys()])].filter(
      (id) => this.#sites.has(id) !== sites.has(id),
    );
    this.#sites = sites;
    this.#byOrganisation = byOrganisation;
    if (changed.length > 0) for (const listener of this.#listeners) listener(changed);
    return changed;
  }

  /** Refresh every `everyMs` (windows end, and threats stored by other processes are seen). */
  start(everyMs: number, onError: (error: unknown) => void): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      this.refresh().catch(onError);
    }, everyMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#refreshing?.catch(() => undefined);
  }
}
