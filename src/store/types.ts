import type { Baseline } from '../core/baseline.ts';
import type { BaselineFacts } from '../core/baseline-facts.ts';
import type { ConsoleStatus } from '../core/console-status.ts';
import type { OutcomeClass } from '../core/outcome.ts';
import type { Reason, VerdictKind } from '../core/verdict.ts';
import type { RedirectHop } from '../fetch/types.ts';

/** Page status as shown on the estate overview: the last verdict, or `pending` before the first check. */
export type PageStatus = VerdictKind | 'pending';

export type PageSource = 'declared' | 'imported' | 'discovered';

export interface Organisation {
  id: number;
  slug: string;
  name: string;
  /** Other names it goes by (Japanese and English), used to match threats and claims. */
  aliases: string[];
  createdAt: number;
}

export interface Site {
  id: number;
  organisationId: number;
  /** `scheme://host[:port]`, lower-case. */
  origin: string;
  name: string;
  /** Default interval for the site's pages; null means the global default. */
  intervalSeconds: number | null;
  createdAt: number;
}

export interface Page {
  id: number;
  siteId: number;
  url: string;
  source: PageSource;
  /** Null means the site's interval, then the global default. */
  intervalSeconds: number | null;
  status: PageStatus;
  lastCheckId: number | null;
  lastCheckedAt: number | null;
  /** SHA-256 of the last body received: an equal body skips analysis. */
  lastBodySha256: string | null;
  baseline: Baseline | null;
  createdAt: number;
}

/**
 * A page as a check first reads it: its baseline's facts (kept in columns of their own) instead of the
 * baseline, which an unchanged check never needs (`getBaseline` reads it when a check does).
 */
export type PageHead = Omit<Page, 'baseline'> & { baselineFacts: BaselineFacts | null };

export interface Check {
  id: number;
  pageId: number;
  /** Epoch milliseconds when the check started. */
  startedAt: number;
  durationMs: number;
  outcome: OutcomeClass;
  httpStatus: number | null;
  redirects: RedirectHop[];
  /** Selected response headers. */
  headers: Record<string, string>;
  bodyBytes: number | null;
  bodySha256: string | null;
  /** Whether the body is still kept in the blob store (retention may drop old bodies). */
  bodyKept: boolean;
  charset: string | null;
  remoteAddress: string | null;
  verdict: VerdictKind;
  reasons: Reason[];
  /**
   * How many identical checks in a row this row stands for (migration 0023): a check that finds the
   * page exactly as the last one did, within the same UTC hour, extends the row instead of adding one.
   * `startedAt` and `durationMs` stay the first check's.
   */
  seenCount: number;
  /** When the last of those checks started; null when the row stands for one check. */
  lastSeenAt: number | null;
}

/** A check as the watch hands it to the store: one check, which the store may add to the last row. */
export type NewCheck = Omit<Check, 'id' | 'seenCount' | 'lastSeenAt'>;

/** What recording a check changes on its page, in the same transaction. */
export interface PageUpdate {
  status: PageStatus;
  lastBodySha256: string | null;
  /** Undefined leaves the stored baseline as it is. */
  baseline?: Baseline | null;
}

/** One check and what it changes on its page. */
export interface CheckRecord {
  check: NewCheck;
  update: PageUpdate;
}

/** Only these organisations (a caller's tenancy scope); an empty list matches nothing. */
export type OrganisationScope = readonly number[];

export interface PageFilter {
  organisationId?: number;
  organisationIds?: OrganisationScope;
  siteId?: number;
  status?: PageStatus;
  /** Substring of the URL. */
  search?: string;
  limit: number;
  /** Return pages with id greater than this (keyset pagination). */
  afterId?: number;
}

export interface PageList {
  items: Page[];
  total: number;
  /** Pass as `afterId` for the next page of results; null at the end. */
  nextAfterId: number | null;
}

export interface StatusCounts {
  total: number;
  byStatus: Record<PageStatus, number>;
}

export interface RetentionPolicy {
  /** Check rows kept per page (newest first); a row may stand for a run of identical checks (migration 0023). */
  checksPerPage: number;
  /** Bodies kept per page (newest first); older checks keep their hash but not their body. */
  bodiesPerPage: number;
  /**
   * Days check rows are kept before they are rolled up into hourly and daily history and deleted
   * (the page's newest row always stays). 0 or absent: only `checksPerPage` bounds them. Either way,
   * every row deleted is folded into the history first.
   */
  checkDays?: number;
  /** Days hourly history is kept (0 or absent: for ever). */
  hourlyDays?: number;
  /** Days daily history is kept (0 or absent: for ever). */
  dailyDays?: number;
}

export interface PruneResult {
  deletedChecks: number;
  /** Body hashes no check row keeps any more: the caller may delete these blobs. */
  unreferencedBlobs: string[];
}

export interface NewOrganisation {
  slug: string;
  name: string;
  aliases?: string[];
}

export interface NewSite {
  organisationId: number;
  origin: string;
  name?: string;
  intervalSeconds?: number | null;
}

export interface NewPage {
  siteId: number;
  url: string;
  source: PageSource;
  intervalSeconds?: number | null;
}

export type SiteSourceKind = 'sitemap';

/** Where Mamori re-reads a site's list of pages (its sitemap) to notice pages that should not exist. */
export interface SiteSource {
  id: number;
  siteId: number;
  url: string;
  kind: SiteSourceKind;
  createdAt: number;
  /** When discovery last read it successfully; null before the first read. */
  lastReadAt: number | null;
}

/** A page found in a site's sitemap that looks like it should not exist, with why. */
export interface SiteFindingRow {
  id: number;
  siteId: number;
  url: string;
  reasons: Reason[];
  createdAt: number;
  /** Null while open. */
  resolvedAt: number | null;
}

export interface NewSiteFinding {
  url: string;
  reasons: Reason[];
}

export interface SiteFindingFilter {
  siteId?: number;
  organisationIds?: OrganisationScope;
  /** True: only unresolved findings; false: only resolved ones; absent: both. */
  open?: boolean;
  limit: number;
}

/** Which organisations a caller may see: every one, or these ids (tenancy). */
export type OrgScope = 'all' | readonly number[];

/** Keyset position in the overview's worst-first page order. */
export interface OverviewCursor {
  rank: number;
  id: number;
}

export interface OverviewQuery {
  scope: OrgScope;
  /** Words to find in a page's URL or title, or its site's or organisation's name (or aliases). */
  q?: string;
  /** Only pages of these colours in the page list (the counts still show every colour). */
  statuses?: readonly ConsoleStatus[];
  organisationId?: number;
  siteId?: number;
  limit: number;
  after?: OverviewCursor;
}

export type ConsoleCounts = Record<ConsoleStatus, number>;

export interface OverviewSite {
  id: number;
  organisationId: number;
  name: string;
  origin: string;
  total: number;
  counts: ConsoleCounts;
}

export interface OverviewOrganisation {
  id: number;
  slug: string;
  name: string;
  aliases: string[];
  total: number;
  counts: ConsoleCounts;
  sites: OverviewSite[];
}

export interface OverviewPage {
  id: number;
  siteId: number;
  organisationId: number;
  url: string;
  title: string | null;
  status: ConsoleStatus;
  verdict: PageStatus;
  lastCheckId: number | null;
  lastCheckedAt: number | null;
  /** The first reason of the last check, for pages that are not up. */
  topReason: Reason | null;
}

/**
 * The estate as the console shows it: organisations → sites with counts per colour (of the pages the
 * query's search, organisation and site select), worst first, and one keyset page of those pages.
 */
export interface Overview {
  total: number;
  counts: ConsoleCounts;
  organisations: OverviewOrganisation[];
  pages: { items: OverviewPage[]; total: number; next: OverviewCursor | null };
}

/**
 * The estate's storage: organisations, sites, pages, their checks, site sources and findings. SQLite
 * (embedded default) and PostgreSQL implement it through one Kysely query layer;
 * `estate-store.contract.test.ts` runs the same suite against both.
 * All times are epoch milliseconds supplied by the caller: the store never reads a clock.
 */
export interface EstateStore {
  readonly dialect: 'sqlite' | 'postgres';
  /** Apply pending migrations. Safe to call on every start. */
  migrate(): Promise<void>;
  close(): Promise<void>;

  /** Insert, or update name/aliases of the organisation with this slug. */
  upsertOrganisation(org: NewOrganisation, now: number): Promise<Organisation>;
  /** Insert, or update name/interval of the site with this origin. */
  upsertSite(site: NewSite, now: number): Promise<Site>;
  /** Insert a page unless its URL exists; `created` tells which. An existing page keeps its data. */
  addPage(page: NewPage, now: number): Promise<{ page: Page; created: boolean }>;

  listOrganisations(): Promise<Organisation[]>;
  getOrganisation(id: number): Promise<Organisation | null>;
  listSites(filter?: { organisationId?: number; organisationIds?: OrganisationScope }): Promise<Site[]>;
  getSite(id: number): Promise<Site | null>;
  getSiteByOrigin(origin: string): Promise<Site | null>;
  listPages(filter: PageFilter): Promise<PageList>;
  getPage(id: number): Promise<Page | null>;
  /** The page without its baseline, with the baseline's facts: what every check reads first. */
  getPageHead(id: number): Promise<PageHead | null>;
  /** The page's baseline alone (null: none yet, or no such page). */
  getBaseline(pageId: number): Promise<Baseline | null>;
  getPageByUrl(url: string): Promise<Page | null>;
  countPagesByStatus(filter?: { organisationId?: number; organisationIds?: OrganisationScope }): Promise<StatusCounts>;
  /** The console's estate overview: tree with counts per colour and a worst-first keyset page of pages. */
  overview(query: OverviewQuery): Promise<Overview>;

  /** Store a check and update its page in one transaction. */
  recordCheck(check: NewCheck, update: PageUpdate): Promise<Check>;
  /**
   * Store several checks in one transaction, in order (group commit): under load one commit per batch
   * instead of per check. All or nothing.
   */
  recordChecks(entries: readonly CheckRecord[]): Promise<Check[]>;
  listChecks(pageId: number, options: { limit: number; beforeId?: number }): Promise<Check[]>;
  getCheck(id: number): Promise<Check | null>;

  /** Apply retention to one page's history. */
  /** `now` dates the age limits of the policy (checkDays, hourlyDays, dailyDays); without it they do not apply. */
  pruneChecks(pageId: number, policy: RetentionPolicy, now?: number): Promise<PruneResult>;

  /** Add a sitemap to re-read for a site; an existing (site, url) pair is returned as it is. */
  addSiteSource(siteId: number, url: string, now: number): Promise<SiteSource>;
  listSiteSources(): Promise<SiteSource[]>;
  markSiteSourceRead(id: number, now: number): Promise<void>;
  /** Store findings for one site in one transaction, in order. */
  recordSiteFindings(siteId: number, findings: readonly NewSiteFinding[], now: number): Promise<SiteFindingRow[]>;
  /** Findings newest first. */
  listSiteFindings(filter: SiteFindingFilter): Promise<SiteFindingRow[]>;
}
