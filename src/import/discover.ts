/**
 * Discovery: re-read each site's sitemap, judge the pages that appeared since the last read (doorway
 * and hacked pages, see `judgeNewUrls`), store the findings, and start watching every new page so its
 * content is checked too. A sitemap that cannot be read is reported, never thrown: one broken site
 * must not stop discovery for the rest.
 */
import { judgeNewUrls } from '../core/site-paths.ts';
import type { Fetcher } from '../fetch/types.ts';
import { mergeImports } from './dedupe.ts';
import { parseImport } from './detect-format.ts';
import { fetchText, readSitemapTree } from './sitemap-reader.ts';
import type { Site, SiteFindingRow, SiteSource, EstateStore } from '../store/types.ts';
import { addTarget } from '../estate/add-target.ts';
import { allPages } from '../estate/all-pages.ts';
import { parseTarget } from '../estate/origin.ts';

export interface DiscoveryDeps {
  store: EstateStore;
  fetcher: Fetcher;
  now: () => number;
}

export type SourceReport =
  | {
      ok: true;
      sourceId: number;
      siteId: number;
      url: string;
      /** Nested sitemaps read from a sitemap index. */
      sitemapsRead: number;
      /** Pages of this site the sitemap lists. */
      listed: number;
      /** New pages added to the watch as 'discovered'. */
      added: number;
      findings: SiteFindingRow[];
      /** Nested sitemaps that could not be read, and entries that could not be parsed. */
      problems: string[];
    }
  | { ok: false; sourceId: number; siteId: number; url: string; message: string };

export interface DiscoveryReport {
  sources: SourceReport[];
  findings: SiteFindingRow[];
  added: number;
  failed: number;
}

/** Nested sitemaps read per source at most, as the import does by default. */
const MAX_NESTED = 100;

/** One discovery pass over every site source. */
export async function discoverSites(deps: DiscoveryDeps): Promise<DiscoveryReport> {
  const sources: SourceReport[] = [];
  for (const source of await deps.store.listSiteSources()) sources.push(await discoverSource(deps, source));
  const read = sources.filter((s) => s.ok);
  return {
    sources,
    findings: read.flatMap((s) => s.findings),
    added: read.reduce((n, s) => n + s.added, 0),
    failed: sources.length - read.length,
  };
}

async function discoverSource(deps: DiscoveryDeps, source: SiteSource): Promise<SourceReport> {
  const base = { sourceId: source.id, siteId: source.siteId, url: source.url };
  const site = await deps.store.getSite(source.siteId);
  if (!site) return { ok: false, ...base, message: `site ${source.siteId} no longer exists` };
  const first = await fetchText(deps.fetcher, source.url);
  if (!first.ok) return { ok: false, ...base, message: first.message };
  const top = parseImport(first.text, { format: 'sitemap' });
  // One level of a sitemap index: discovery re-reads often, so it never walks a deep tree.
  const nested = await readSitemapTree(deps.fetcher, top.sitemaps, { max: MAX_NESTED, depth: 1 });
  const merged = mergeImports([top, ...nested.parses]);
  // An index may list other hosts' sitemaps: only this site's pages are judged against this site.
  const fresh = merged.targets.flatMap((t) => {
    const target = parseTarget(t.url);
    return target !== null && target.origin === site.origin ? [target.url] : [];
  });
  const known = await knownUrls(deps.store, site.id);
  const now = deps.now();
  const findings = await deps.store.recordSiteFindings(site.id, judgeNewUrls([...known], fresh), now);
  const added = await watchNewPages(
    deps,
    site,
    fresh.filter((u) => !known.has(u)),
  );
  await deps.store.markSiteSourceRead(source.id, now);
  return {
    ok: true,
    ...base,
    sitemapsRead: nested.read,
    listed: fresh.length,
    added,
    findings,
    problems: [
      ...nested.problems.map((p) => p.message),
      ...merged.problems.filter((p) => p.kind !== 'duplicate').map((p) => `${p.input}: ${p.message}`),
    ],
  };
}

async function knownUrls(store: EstateStore, siteId: number): Promise<Set<string>> {
  const urls = new Set<string>();
  for await (const page of allPages(store, { siteId })) urls.add(page.url);
  return urls;
}

async function watchNewPages(deps: DiscoveryDeps, site: Site, urls: string[]): Promise<number> {
  if (urls.length === 0) return 0;
  // The site exists, so the organisation is only named for addTarget's contract, never created.
  const organisation = (await deps.store.getOrganisation(site.organisationId))?.slug ?? 'discovered';
  let added = 0;
  for (const url of urls) {
    const result = await addTarget(deps.store, { url, organisation, source: 'discovered' }, deps.now());
    if (result.ok && result.created) added += 1;
  }
  return added;
}
