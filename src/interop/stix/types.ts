/**
 * The STIX 2.1 objects Mamori produces (a subset, as plain JSON shapes) and the plain inputs the
 * builders take. Inputs are Mamori rows reduced to what an export needs, so the threat and claim
 * stores (src/intel) can hand their rows over without these builders importing them.
 */

export type StixObject = Record<string, unknown> & { type: string; id: string };

export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

export interface OrganisationInput {
  id: number;
  slug: string;
  name: string;
  aliases: string[];
  createdAt: number;
}

export interface IncidentInput {
  id: number;
  scope: 'page' | 'site';
  organisationId: number;
  campaignId: number | null;
  kind: string;
  severity: string;
  state: string;
  /** How it closed (`resolved` by an analyst, `restored` by itself, `false_positive`); null while active. */
  resolution?: string | null;
  title: string;
  summary: string;
  openedAt: number;
  lastSeenAt: number;
  signatures: string[];
  hosts: string[];
  reasonCodes: string[];
  /** The URL the incident is about (the page, or the site's origin). */
  url: string;
}

export interface CampaignInput {
  id: number;
  title: string;
  keys: string[];
  createdAt: number;
  updatedAt: number;
}

/** A check that saw something: what was fetched, when, from which address. */
export interface ObservationInput {
  checkId: number;
  url: string;
  at: number;
  /**
   * A check row can stand for a run of identical checks (migration 0023): how many, and when the last
   * of them ran. Absent for one check.
   */
  seenCount?: number;
  lastSeenAt?: number | null;
  verdict: string;
  outcome: string;
  httpStatus: number | null;
  remoteAddress: string | null;
  /** The response body's SHA-256 and size, and its Content-Type (MISP and TheHive carry them; STIX does not). */
  bodySha256?: string | null;
  bodyBytes?: number | null;
  contentType?: string | null;
  reasons: { code: string; message: string }[];
  /** Incidents this check opened or updated. */
  incidentIds: number[];
}

/** A threat announcement matched against the estate (src/intel). */
export interface ThreatInput {
  id: string;
  title: string;
  summary: string;
  source: string;
  sourceUrl: string | null;
  publishedAt: number;
  createdAt: number;
  updatedAt: number;
  /** Organisations it names (ids in the estate). */
  organisationIds: number[];
  keywords: string[];
}

export type ClaimStatus = 'pending' | 'confirmed' | 'refuted' | 'unverifiable';

/** A claim that a site was hacked or is down, and what checking it found (src/intel). */
export interface ClaimInput {
  id: string;
  text: string;
  source: string;
  targetUrl: string;
  status: ClaimStatus;
  createdAt: number;
  checkedAt: number | null;
  /** The checks run to verify it (observations in the same export). */
  checkIds: number[];
  incidentId: number | null;
  organisationId: number | null;
  threatId: string | null;
}

/** Everything one export holds; builders turn it into a bundle. */
export interface ExportInput {
  organisations: OrganisationInput[];
  incidents: IncidentInput[];
  campaigns: CampaignInput[];
  observations: ObservationInput[];
  threats: ThreatInput[];
  claims: ClaimInput[];
}
