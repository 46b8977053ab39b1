import { consoleStatus, type ConsoleStatus } from '../core/console-status.ts';
import type { Reason } from '../core/verdict.ts';
import type { Organisation, PageStatus, Site, EstateStore } from '../store/types.ts';
import { allPages } from './all-pages.ts';

export interface PageLine {
  id: number;
  url: string;
  status: PageStatus;
  /** What the page is, as the dashboard shows it too (`consoleStatus`): a 404 is `degraded` in both. */
  state: ConsoleStatus;
  lastCheckedAt: number | null;
  /** The most severe reason of the last check, for pages that are not fine. */
  topReason: Reason | null;
}

export interface SiteNode {
  site: Site;
  /** Pages per state, the dashboard's states (`consoleStatus`). */
  counts: Partial<Record<ConsoleStatus, number>>;
  total: number;
  pages: PageLine[];
  /** Pages not listed because of `maxPagesPerSite`. */
  omitted: number;
}

export interface EstateTree {
  organisations: { organisation: Organisation; sites: SiteNode[] }[];
  total: number;
}

export interface TreeOptions {
  /** List only pages that are down, suspicious or tampered (counts still cover every page). */
  problemsOnly: boolean;
  maxPagesPerSite: number;
  organisation?: string;
}

export const PROBLEM_STATUSES: ReadonlySet<PageStatus> = new Set(['down', 'suspicious', 'tampered']);

/** Organisation → site → page, with status counts and the reason behind each problem. */
export async function loadEstateTree(store: EstateStore, options: TreeOptions): Promise<EstateTree> {
  const orgs = (await store.listOrganisations()).filter(
    (o) => !options.organisation || o.slug === options.organisation,
  );
  const tree: EstateTree = { organisations: [], total: 0 };
  for (const organisation of orgs) {
    const sites: SiteNode[] = [];
    for (const site of await store.listSites({ organisationId: organisation.id })) {
      const node = await loadSite(store, site, options);
      tree.total += node.total;
      sites.push(node);
    }
    tree.organisations.push({ organisation, sites });
  }
  return tree;
}

async function loadSite(store: EstateStore, site: Site, options: TreeOptions): Promise<SiteNode> {
  const node: SiteNode = { site, counts: {}, total: 0, pages: [], omitted: 0 };
  for await (const page of allPages(store, { siteId: site.id })) {
    node.total += 1;
    const problem = PROBLEM_STATUSES.has(page.status);
    // Only a problem's last check is read: its outcome tells down from degraded and unknown.
    const last = problem && page.lastCheckId !== null ? await store.getCheck(page.lastCheckId) : null;
    const state = consoleStatus(page.status, last?.outcome ?? null);
    node.counts[state] = (node.counts[state] ?? 0) + 1;
    if (options.problemsOnly && !problem) continue;
    if (node.pages.length >= options.maxPagesPerSite) {
      node.omitted += 1;
      continue;
    }
    node.pages.push({
      id: page.id,
      url: page.url,
      status: page.status,
      state,
      lastCheckedAt: page.lastCheckedAt,
      topReason: last?.reasons[0] ?? null,
    });
  }
  return node;
}
