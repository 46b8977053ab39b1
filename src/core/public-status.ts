/**
 * What the public status page says, from the console's counts. Pure. Citizens and journalists see
 * availability only: whether a site answers. Mamori's assessments (tampered, suspicious, their
 * reasons, incidents) stay internal: a suspected defacement is unconfirmed, and publishing it would
 * tell an attacker what was noticed. A tampered or suspicious page still answers, so it counts as up.
 */
import type { ConsoleStatus } from './console-status.ts';

export const PUBLIC_STATUSES = ['up', 'degraded', 'down', 'unknown'] as const;
export type PublicStatus = (typeof PUBLIC_STATUSES)[number];

/** A page's public status: `unknown` before its first check or when Mamori's own policy blocked it. */
export function publicPageStatus(status: ConsoleStatus): PublicStatus {
  switch (status) {
    case 'down':
      return 'down';
    case 'degraded':
      return 'degraded';
    case 'unknown':
      return 'unknown';
    case 'tampered':
    case 'suspicious':
    case 'up':
      return 'up';
  }
}

/**
 * A site's (or an organisation's) public status from its pages' counts per console colour: down when
 * every known page is down, degraded when some are down or degraded, unknown when none is known yet.
 */
export function publicStatusOfCounts(counts: Readonly<Record<ConsoleStatus, number>>): PublicStatus {
  const tally: Record<PublicStatus, number> = { up: 0, degraded: 0, down: 0, unknown: 0 };
  for (const [status, n] of Object.entries(counts) as [ConsoleStatus, number][]) tally[publicPageStatus(status)] += n;
  const known = tally.up + tally.degraded + tally.down;
  if (known === 0) return 'unknown';
  if (tally.down === known) return 'down';
  if (tally.down > 0 || tally.degraded > 0) return 'degraded';
  return 'up';
}

export interface PublicSite {
  name: string;
  /** The site's home (`scheme://host[:port]`): public by nature. */
  origin: string;
  status: PublicStatus;
  /** Only when the operator allows deep-page URLs (statusPage.showPageUrls). */
  pages?: { url: string; status: PublicStatus }[];
}

export interface PublicOrganisation {
  name: string;
  status: PublicStatus;
  sites: PublicSite[];
}

export interface PublicAnnouncement {
  title: string;
  body: string;
  publishedAt: string;
  /** The organisation's display name, or null for the whole page. */
  organisation: string | null;
}

/** The whole public document: every field here is meant to be published. */
export interface PublicStatusDocument {
  title: string;
  status: PublicStatus;
  organisations: PublicOrganisation[];
  announcements: PublicAnnouncement[];
}

/** The worst of several statuses (down > degraded > up); unknown only when all are unknown. */
export function worstPublicStatus(statuses: readonly PublicStatus[]): PublicStatus {
  const known = statuses.filter((s) => s !== 'unknown');
  if (known.length === 0) return 'unknown';
  if (known.every((s) => s === 'down')) return 'down';
  if (known.some((s) => s !== 'up')) return 'degraded';
  return 'up';
}
