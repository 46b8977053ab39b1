/**
 * Rows to domain objects and back. JSON columns are text in both dialects and are parsed and
 * serialised only here, so the rest of the store never sees a raw column.
 */
import type { Insertable, Selectable } from 'kysely';
import type { Baseline } from '../core/baseline.ts';
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

export function toPage(row: Selectable<PagesTable>): Page {
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
    baseline: row.baseline === null ? null : (JSON.parse(row.baseline) as Baseline),
    createdAt: num(row.created_at),
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

export function checkRow(check: NewCheck): Insertable<ChecksTable> {
  return {
    page_id: check.pageId,
    started_at: check.startedAt,
    duration_ms: check.durationMs,
    outcome: check.outcome,
    http_status: check.httpStatus,
    redirects: JSON.stringify(check.redirects),
    headers: JSON.stringify(check.headers),
    body_bytes: check.bodyBytes,
    body_sha256: check.bodySha256,
    // A kept flag without a hash would make the body look collectable yet referenced.
    body_kept: check.bodyKept && check.bodySha256 !== null ? 1 : 0,
    charset: check.charset,
    remote_address: check.remoteAddress,
    verdict: check.verdict,
    reasons: JSON.stringify(check.reasons),
  };
}

export function baselineColumn(baseline: Baseline | null): string | null {
  return baseline === null ? null : JSON.stringify(baseline);
}
