/**
 * The console's estate overview over one Kysely handle, SQLite and PostgreSQL alike. Organisations
 * and sites are few (hundreds) and are read whole; pages (100,000 and more) are only ever counted by
 * (site, colour) and read one keyset page at a time, in worst-first order, from the indexes of
 * migration 0010. Search and tenancy become a WHERE on pages; everything else is done here in memory.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import { sql } from 'kysely';
import {
  CONSOLE_STATUSES,
  consoleStatusOfRank,
  consoleStatusRank,
  type ConsoleStatus,
} from '../core/console-status.ts';
import { normaliseSearch, searchWords } from '../core/search-text.ts';
import type { Reason } from '../core/verdict.ts';
import type { Database } from './database.ts';
import type {
  ConsoleCounts,
  Organisation,
  Overview,
  OverviewCursor,
  OverviewOrganisation,
  OverviewPage,
  OverviewQuery,
  OverviewSite,
  PageStatus,
} from './types.ts';

type Db = Kysely<Database>;
interface SiteRow {
  id: number;
  organisationId: number;
  name: string;
  origin: string;
}

function zeroCounts(): ConsoleCounts {
  return Object.fromEntries(CONSOLE_STATUSES.map((s) => [s, 0])) as ConsoleCounts;
}

/** LIKE pattern for a literal substring; `!` escapes the wildcards (and itself) in both dialects. */
function containsPattern(word: string): string {
  return `%${word.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/** Worst first: more tampered pages first, then more down, and so on down the ranks; then by name. */
function worstFirst(a: { counts: ConsoleCounts; name: string }, b: { counts: ConsoleCounts; name: string }): number {
  for (const status of CONSOLE_STATUSES.slice(0, -1)) {
    const d = b.counts[status] - a.counts[status];
    if (d !== 0) return d;
  }
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

async function loadScope(db: Db, query: OverviewQuery): Promise<{ orgs: Organisation[]; sites: SiteRow[] }> {
  let orgQuery = db.selectFrom('organisations').selectAll().orderBy('id');
  if (query.scope !== 'all') orgQuery = orgQuery.where('id', 'in', query.scope.length > 0 ? [...query.scope] : [-1]);
  if (query.organisationId !== undefined) orgQuery = orgQuery.where('id', '=', query.organisationId);
  const orgs = (await orgQuery.execute()).map((r) => ({
    id: Number(r.id),
    slug: r.slug,
    name: r.name,
    aliases: JSON.parse(r.aliases) as string[],
    createdAt: Number(r.created_at),
  }));
  if (orgs.length === 0) return { orgs, sites: [] };
  let siteQuery = db
    .selectFrom('sites')
    .select(['id', 'organisation_id', 'name', 'origin'])
    .where(
      'organisation_id',
      'in',
      orgs.map((o) => o.id),
    )
    .orderBy('id');
  if (query.siteId !== undefined) siteQuery = siteQuery.where('id', '=', query.siteId);
  const sites = (await siteQuery.execute()).map((r) => ({
    id: Number(r.id),
    organisationId: Number(r.organisation_id),
    name: r.name,
    origin: r.origin,
  }));
  return { orgs, sites };
}

/** For each search word, the sites whose own name or origin, or whose organisation's names, contain it. */
function sitesMatching(words: readonly string[], orgs: readonly Organisation[], sites: readonly SiteRow[]): number[][] {
  const orgText = new Map(orgs.map((o) => [o.id, normaliseSearch([o.slug, o.name, ...o.aliases].join('\n'))]));
  const siteText = sites.map((s) => ({
    id: s.id,
    text: `${normaliseSearch(`${s.name}\n${s.origin}`)}\n${orgText.get(s.organisationId) ?? ''}`,
  }));
  return words.map((w) => siteText.filter((s) => s.text.includes(w)).map((s) => s.id));
}

type PageWhere = (eb: ExpressionBuilder<Database, 'pages'>) => ReturnType<ExpressionBuilder<Database, 'pages'>['and']>;

function pageWhere(
  restrictTo: readonly number[] | null,
  words: readonly string[],
  matched: readonly number[][],
): PageWhere {
  return (eb) => {
    const conditions = [];
    if (restrictTo !== null) conditions.push(eb('site_id', 'in', restrictTo.length > 0 ? [...restrictTo] : [-1]));
    words.forEach((word, i) => {
      const inText = sql<boolean>`${eb.ref('search_text')} like ${containsPattern(word)} escape '!'`;
      const sitesForWord = matched[i]!;
      conditions.push(sitesForWord.length > 0 ? eb.or([inText, eb('site_id', 'in', [...sitesForWord])]) : inText);
    });
    return eb.and(conditions);
  };
}

async function topReasons(db: Db, checkIds: number[]): Promise<Map<number, Reason>> {
  if (checkIds.length === 0) return new Map();
  const rows = await db.selectFrom('checks').select(['id', 'reasons']).where('id', 'in', checkIds).execute();
  const out = new Map<number, Reason>();
  for (const row of rows) {
    const first = (JSON.parse(row.reasons) as Reason[])[0];
    if (first) out.set(Number(row.id), first);
  }
  return out;
}

type DetailRow = {
  id: number;
  site_id: number;
  url: string;
  title: string | null;
  status: string;
  health_rank: number;
  last_check_id: number | null;
  last_checked_at: number | null;
};
const DETAIL_COLUMNS = [
  'id',
  'site_id',
  'url',
  'title',
  'status',
  'health_rank',
  'last_check_id',
  'last_checked_at',
] as const;
type CountRow = { site_id: number; health_rank: number; n: number | string | bigint };
interface Slice {
  items: OverviewPage[];
  next: OverviewCursor | null;
}

async function toSlice(
  db: Db,
  rows: DetailRow[],
  more: boolean,
  orgOfSite: ReadonlyMap<number, number>,
): Promise<Slice> {
  const up = consoleStatusRank('up');
  const reasons = await topReasons(
    db,
    rows.filter((r) => Number(r.health_rank) !== up && r.last_check_id !== null).map((r) => Number(r.last_check_id)),
  );
  const items: OverviewPage[] = rows.map((r) => {
    const siteId = Number(r.site_id);
    const lastCheckId = r.last_check_id === null ? null : Number(r.last_check_id);
    return {
      id: Number(r.id),
      siteId,
      organisationId: orgOfSite.get(siteId) ?? 0,
      url: r.url,
      title: r.title,
      status: consoleStatusOfRank(Number(r.health_rank)),
      verdict: r.status as PageStatus,
      lastCheckId,
      lastCheckedAt: r.last_checked_at === null ? null : Number(r.last_checked_at),
      topReason: lastCheckId === null ? null : (reasons.get(lastCheckId) ?? null),
    };
  });
  const last = items[items.length - 1];
  return { items, next: more && last ? { rank: consoleStatusRank(last.status), id: last.id } : null };
}

/** Counts by (site, rank) from the table the triggers of migration 0010 keep. */
async function counted(db: Db, restrictTo: readonly number[] | null): Promise<CountRow[]> {
  let q = db.selectFrom('page_counts').select(['site_id', 'health_rank', 'n']).where('n', '>', 0);
  if (restrictTo !== null) q = q.where('site_id', 'in', restrictTo.length > 0 ? [...restrictTo] : [-1]);
  return q.execute();
}

/** Without search: counts from page_counts, one keyset page from the (rank, id) index. */
async function browse(
  db: Db,
  where: PageWhere,
  query: OverviewQuery,
  orgOfSite: ReadonlyMap<number, number>,
  restrictTo: readonly number[] | null,
): Promise<{ countRows: CountRow[]; slice: Slice }> {
  const ranks = query.statuses?.map(consoleStatusRank);
  let q = db
    .selectFrom('pages')
    .select(DETAIL_COLUMNS)
    .where(where)
    .orderBy('health_rank')
    .orderBy('id')
    // One extra row tells whether there is a next page without a second query.
    .limit(query.limit + 1);
  if (ranks !== undefined) q = q.where('health_rank', 'in', ranks.length > 0 ? ranks : [-1]);
  if (query.after !== undefined)
    q = q.where(sql<boolean>`(health_rank, id) > (${query.after.rank}, ${query.after.id})`);
  const [countRows, rows] = await Promise.all([counted(db, restrictTo), q.execute()]);
  return { countRows, slice: await toSlice(db, rows.slice(0, query.limit), rows.length > query.limit, orgOfSite) };
}

/**
 * With search: the text match is a scan either way, so it is done once: the matching pages' (id,
 * site, rank) are read, counted and ordered here, and only the listed page's rows are read in full.
 */
async function search(
  db: Db,
  where: PageWhere,
  query: OverviewQuery,
  orgOfSite: ReadonlyMap<number, number>,
  _restrictTo: readonly number[] | null,
): Promise<{ countRows: CountRow[]; slice: Slice }> {
  const matches = (await db.selectFrom('pages').select(['id', 'site_id', 'health_rank']).where(where).execute()).map(
    (r) => ({ id: Number(r.id), site: Number(r.site_id), rank: Number(r.health_rank) }),
  );
  const counts = new Map<string, CountRow>();
  for (const m of matches) {
    const key = `${m.site}.${m.rank}`;
    const row = counts.get(key) ?? { site_id: m.site, health_rank: m.rank, n: 0 };
    row.n = Number(row.n) + 1;
    counts.set(key, row);
  }
  const ranks = query.statuses ? new Set(query.statuses.map(consoleStatusRank)) : null;
  const after = query.after;
  const listed = matches
    .filter(
      (m) =>
        (ranks === null || ranks.has(m.rank)) &&
        (after === undefined || m.rank > after.rank || (m.rank === after.rank && m.id > after.id)),
    )
    .sort((a, b) => a.rank - b.rank || a.id - b.id);
  const ids = listed.slice(0, query.limit).map((m) => m.id);
  const rows =
    ids.length === 0
      ? []
      : await db
          .selectFrom('pages')
          .select(DETAIL_COLUMNS)
          .where('id', 'in', ids)
          .orderBy('health_rank')
          .orderBy('id')
          .execute();
  return { countRows: [...counts.values()], slice: await toSlice(db, rows, listed.length > query.limit, orgOfSite) };
}

function buildTree(
  orgs: readonly Organisation[],
  sites: readonly SiteRow[],
  countRows: readonly CountRow[],
  keepEmpty: boolean,
) {
  const siteNodes = new Map<number, OverviewSite>(sites.map((s) => [s.id, { ...s, total: 0, counts: zeroCounts() }]));
  for (const row of countRows) {
    const node = siteNodes.get(Number(row.site_id));
    if (!node) continue;
    const n = Number(row.n);
    node.counts[consoleStatusOfRank(Number(row.health_rank))] += n;
    node.total += n;
  }
  const counts = zeroCounts();
  let total = 0;
  const organisations: OverviewOrganisation[] = [];
  for (const org of orgs) {
    const node: OverviewOrganisation = {
      id: org.id,
      slug: org.slug,
      name: org.name,
      aliases: org.aliases,
      total: 0,
      counts: zeroCounts(),
      sites: [],
    };
    for (const site of siteNodes.values()) {
      if (site.organisationId !== org.id || (!keepEmpty && site.total === 0)) continue;
      node.sites.push(site);
      node.total += site.total;
      for (const s of CONSOLE_STATUSES) node.counts[s] += site.counts[s];
    }
    if (!keepEmpty && node.total === 0) continue;
    node.sites.sort(worstFirst);
    organisations.push(node);
    total += node.total;
    for (const s of CONSOLE_STATUSES) counts[s] += node.counts[s];
  }
  organisations.sort(worstFirst);
  return { total, counts, organisations };
}

export async function queryOverview(db: Db, query: OverviewQuery): Promise<Overview> {
  const { orgs, sites } = await loadScope(db, query);
  const allWords = searchWords(query.q);
  const allMatched = sitesMatching(allWords, orgs, sites);
  // A word every site in scope matches (its organisations' common alias, say) selects every page.
  const keep = allWords.map((_, i) => allMatched[i]!.length < sites.length || sites.length === 0);
  const words = allWords.filter((_, i) => keep[i]);
  const matched = allMatched.filter((_, i) => keep[i]);
  // Every page is in scope unless tenancy, an organisation or a site narrows it: then only its sites.
  const narrowed = query.scope !== 'all' || query.organisationId !== undefined || query.siteId !== undefined;
  const restrictTo = narrowed ? sites.map((s) => s.id) : null;
  const where = pageWhere(restrictTo, words, matched);
  const orgOfSite = new Map(sites.map((s) => [s.id, s.organisationId]));
  const { countRows, slice } = await (words.length > 0 ? search : browse)(db, where, query, orgOfSite, restrictTo);
  const tree = buildTree(orgs, sites, countRows, allWords.length === 0);
  const selected: readonly ConsoleStatus[] = query.statuses ?? CONSOLE_STATUSES;
  const listed = selected.reduce((sum, s) => sum + tree.counts[s], 0);
  return { ...tree, pages: { items: slice.items, total: listed, next: slice.next } };
}
