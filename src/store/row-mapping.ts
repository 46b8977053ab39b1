/**
 * Rows to domain objects and back. JSON columns are text in both dialects and are parsed and
 * serialised only here, so the rest of the store never sees a raw column.
 */
import type { Insertable, Selectable } from 'kysely';
import type { Baseline } from '../core/baseline.ts';
import { baselineFacts, type BaselineFacts } from '../core/baseline-facts.ts';
import type { OutcomeClass } from '../core/outcome.ts';
import type { Reason, VerdictKind } from '../core/verdict.ts';
import type { RedirectHop } from '../fetch/types.ts';
import type {
  ChecksTable,
  OrganisationsTable,
  PagesTable,
  SiteFindingsTable,
  SiteSourcesTable,
  SitesTable,
} from './database.ts';
import type {
  Check,
  NewCheck,
  Organisation,
  Page,
  PageHead,
  PageSource,
  PageStatus,
  Site,
  SiteFindingRow,
  SiteSource,
  SiteSourceKind,
} from './types.ts';

/** Numbers from either driver; Number() also guards against a stray bigint or numeric string. */
function num(value: number): number {
  return Number(value);
}

function numOrNull(value: number | null): number | null {
  return value === null ? null : Number(value);
}

export function toOrganisation(row: Selectable<OrganisationsTable>): Organisation {
  return {
    id: num(row.id),
    slug: row.slug,
    name: row.name,
    aliases: JSON.parse(row.aliases) as string[],
    createdAt: num(row.created_at),
  };
}

export function toSite(row: Selectable<SitesTable>): Site {
  return {
    id: num(row.id),
    organisationId: num(row.organisation_id),
    origin: row.origin,
    name: row.name,
    intervalSeconds: numOrNull(row.interval_seconds),
    createdAt: num(row.created_at),
  };
}

/** A page row with its baseline's JSON (page-baselines.ts `baselineOfPage`). */
export function toPage(row: Selectable<PagesTable> & { baseline: string | null }): Page {
  const { baselineFacts: _facts, ...page } = toPageHead(row);
  return { ...page, baseline: row.baseline === null ? null : (JSON.parse(row.baseline) as Baseline) };
}

/** The columns of a page row a check reads first: all but the baseline (`toPageHead`). */
export const PAGE_HEAD_COLUMNS = [
  'id',
  'site_id',
  'url',
  'source',
  'interval_seconds',
  'status',
  'last_check_id',
  'last_checked_at',
  'last_body_sha256',
  'baseline_samples',
  'baseline_soft404_streak',
  'baseline_held',
  'created_at',
] as const satisfies readonly (keyof PagesTable)[];

type PageHeadRow = Pick<Selectable<PagesTable>, (typeof PAGE_HEAD_COLUMNS)[number]>;

export function toPageHead(row: PageHeadRow): PageHead {
  return {
    id: num(row.id),
    siteId: num(row.site_id),
    url: row.url,
    source: row.source as PageSource,
    intervalSeconds: numOrNull(row.interval_seconds),
    status: row.status as PageStatus,
    lastCheckId: numOrNull(row.last_check_id),
    lastCheckedAt: numOrNull(row.last_checked_at),
    lastBodySha256: row.last_body_sha256,
    baselineFacts: factsOf(row),
    createdAt: num(row.created_at),
  };
}

function factsOf(row: PageHeadRow): BaselineFacts | null {
  if (row.baseline_samples === null) return null;
  return {
    samples: num(row.baseline_samples),
    soft404Streak: num(row.baseline_soft404_streak),
    held: num(row.baseline_held) === 1,
  };
}

/**
 * The baseline's facts on the page, as every write of a page's baseline must set them beside the
 * baseline itself (page-baselines.ts `writePageBaseline`, same transaction): the facts stand for the
 * baseline when an unchanged check is judged (migration 0022), so they never go apart.
 */
export function baselineColumns(
  baseline: Baseline | null,
): Pick<PagesTable, 'baseline_samples'> & { baseline_soft404_streak: number; baseline_held: number } {
  if (baseline === null) return { baseline_samples: null, baseline_soft404_streak: 0, baseline_held: 0 };
  const facts = baselineFacts(baseline);
  return {
    baseline_samples: facts.samples,
    baseline_soft404_streak: facts.soft404Streak,
    baseline_held: facts.held ? 1 : 0,
  };
}

export function toCheck(row: Selectable<ChecksTable>): Check {
  return {
    id: num(row.id),
    pageId: num(row.page_id),
    startedAt: num(row.started_at),
    durationMs: num(row.duration_ms),
    outcome: row.outcome as OutcomeClass,
    httpStatus: numOrNull(row.http_status),
    redirects: JSON.parse(row.redirects) as RedirectHop[],
    headers: JSON.parse(row.headers) as Record<string, string>,
    bodyBytes: numOrNull(row.body_bytes),
    bodySha256: row.body_sha256,
    bodyKept: Number(row.body_kept) === 1,
    charset: row.charset,
    remoteAddress: row.remote_address,
    verdict: row.verdict as VerdictKind,
    reasons: JSON.parse(row.reasons) as Reason[],
    seenCount: num(row.seen_count),
    lastSeenAt: numOrNull(row.last_seen_at),
  };
}

export function toSiteSource(row: Selectable<SiteSourcesTable>): SiteSource {
  return {
    id: num(row.id),
    siteId: num(row.site_id),
    url: row.url,
    kind: row.kind as SiteSourceKind,
    createdAt: num(row.created_at),
    lastReadAt: numOrNull(row.last_read_at),
  };
}

export function toSiteFinding(row: Selectable<SiteFindingsTable>): SiteFindingRow {
  return {
    id: num(row.id),
    siteId: num(row.site_id),
    url: row.url,
    reasons: JSON.parse(row.reasons) as Reason[],
    createdAt: num(row.created_at),
    resolvedAt: numOrNull(row.resolved_at),
  };
}

/** The columns of a check row, in the order `checkValues` gives their values. */
export const CHECK_COLUMNS = [
  'page_id',
  'started_at',
  'duration_ms',
  'outcome',
  'http_status',
  'redirects',
  'headers',
  'body_bytes',
  'body_sha256',
  'body_kept',
  'charset',
  'remote_address',
  'verdict',
  'reasons',
] as const satisfies readonly (keyof Insertable<ChecksTable>)[];

/** A kept flag without a hash would make the body look collectable yet referenced. */
function bodyKept(check: NewCheck): boolean {
  return check.bodyKept && check.bodySha256 !== null;
}

/** A check's column values in CHECK_COLUMNS order. */
export function checkValues(check: NewCheck): unknown[] {
  return [
    check.pageId,
    check.startedAt,
    check.durationMs,
    check.outcome,
    check.httpStatus,
    JSON.stringify(check.redirects),
    JSON.stringify(check.headers),
    check.bodyBytes,
    check.bodySha256,
    bodyKept(check) ? 1 : 0,
    check.charset,
    check.remoteAddress,
    check.verdict,
    JSON.stringify(check.reasons),
  ];
}

/** The row for values in CHECK_COLUMNS order. */
export function checkRowOf(values: readonly unknown[]): Insertable<ChecksTable> {
  return Object.fromEntries(CHECK_COLUMNS.map((c, i) => [c, values[i]])) as unknown as Insertable<ChecksTable>;
}

/**
 * The check as `toCheck` would read it back, without reading it back: the JSON columns are the
 * caller's values after a JSON round trip would give equal values (no undefined, no functions).
 * A check that extended its page's last row (`seenCount` > 1) keeps its own `startedAt` and
 * `durationMs`: observers are told about this check, and the row it is counted in is `id`.
 */
export function storedCheck(id: number, check: NewCheck, seenCount = 1): Check {
  // Written out, not spread: one fixed shape for every check, its keys in the order a spread gave them.
  return {
    pageId: check.pageId,
    startedAt: check.startedAt,
    durationMs: check.durationMs,
    outcome: check.outcome,
    httpStatus: check.httpStatus,
    redirects: check.redirects,
    headers: check.headers,
    bodyBytes: check.bodyBytes,
    bodySha256: check.bodySha256,
    bodyKept: bodyKept(check),
    charset: check.charset,
    remoteAddress: check.remoteAddress,
    verdict: check.verdict,
    reasons: check.reasons,
    id,
    seenCount,
    lastSeenAt: seenCount > 1 ? check.startedAt : null,
  };
}

/**
 * Whether a check may extend its page's last row rather than add one: an unchanged body, judged
 * unchanged, with an HTTP status. The store decides the rest against the stored row, in one statement.
 */
export function extendsRun(check: NewCheck): boolean {
  return check.verdict === 'unchanged' && check.bodySha256 !== null && check.httpStatus !== null;
}

/** The page and what a repeated check must equal in its page's last row, in `#extendRun`'s argument order. */
export function runValues(check: NewCheck, hourStart: number): unknown[] {
  return [
    check.pageId,
    check.startedAt,
    check.durationMs,
    check.verdict,
    check.outcome,
    check.httpStatus,
    check.bodySha256,
    JSON.stringify(check.reasons),
    JSON.stringify(check.redirects),
    check.remoteAddress ?? '',
    check.charset ?? '',
    hourStart,
  ];
}
