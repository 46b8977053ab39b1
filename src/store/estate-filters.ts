/**
 * The estate store's query parts that are not one method's: limits, page filters, organisation
 * scopes and the learnt title, shared by several queries of KyselyEstateStore.
 */
import type { ExpressionBuilder } from 'kysely';
import { sql } from 'kysely';
import { normaliseSearch } from '../core/search-text.ts';
import { VERDICT_KINDS } from '../core/verdict.ts';
import type { Database } from './database.ts';
import type { OrganisationScope, PageFilter, PageStatus, PageUpdate } from './types.ts';

export const PAGE_STATUSES: readonly PageStatus[] = ['pending', ...VERDICT_KINDS];

export function checkLimit(limit: number, what: string): void {
  if (!Number.isSafeInteger(limit) || limit < 0)
    throw new RangeError(`${what} limit must be an integer >= 0, got ${limit}`);
}

/** LIKE pattern for a literal substring; `!` escapes the wildcards (and itself) in both dialects. */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

export function inOrganisation(eb: ExpressionBuilder<Database, 'pages'>, organisationId: number) {
  return eb(
    'site_id',
    'in',
    eb.selectFrom('sites').select('sites.id').where('sites.organisation_id', '=', organisationId),
  );
}

/** Sites of these organisations; an empty scope matches nothing (`in ()` is not SQL). */
export function sitesOfOrganisations(ids: OrganisationScope) {
  if (ids.length === 0) return sql<boolean>`1 = 0`;
  // Written out: shared by the pages and site_findings queries, which both have site_id.
  return sql<boolean>`site_id in (select id from sites where organisation_id in (${sql.join([...ids])}))`;
}

/** The filter part of PageFilter (everything but paging), as one WHERE expression. */
export function pageConditions(
  eb: ExpressionBuilder<Database, 'pages'>,
  filter: Omit<PageFilter, 'limit' | 'afterId'>,
) {
  const conditions = [];
  if (filter.organisationId !== undefined) conditions.push(inOrganisation(eb, filter.organisationId));
  if (filter.organisationIds !== undefined) conditions.push(sitesOfOrganisations(filter.organisationIds));
  if (filter.siteId !== undefined) conditions.push(eb('site_id', '=', filter.siteId));
  if (filter.status !== undefined) conditions.push(eb('status', '=', filter.status));
  if (filter.search !== undefined && filter.search !== '') {
    // Case-insensitive in both dialects (SQLite's LIKE folds ASCII case, PostgreSQL's doesn't).
    conditions.push(sql<boolean>`lower(${eb.ref('url')}) like ${containsPattern(filter.search)} escape '!'`);
  }
  return eb.and(conditions);
}

/** The newest title of a baseline being stored, as the pages.title column update (none otherwise). */
export function learntTitle(update: PageUpdate) {
  // Baselines written by older versions (and tests) may lack the list.
  const titles = update.baseline?.titles;
  if (!Array.isArray(titles) || titles.length === 0) return {};
  const title = titles[titles.length - 1]!;
  return { title, search_text: sql<string>`lower(url) || ${` ${normaliseSearch(title)}`}` };
}
