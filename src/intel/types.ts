import type { ClaimAssertion, ClaimStatus, MatchBy } from '../core/intel/index.ts';

export interface ThreatTarget {
  organisationId: number;
  by: MatchBy;
  term: string;
  watchUntil: number;
}

/** An announcement that threatens the estate, with the organisations it names. */
export interface Threat {
  id: string;
  title: string;
  /** The announcement's text (shortened). */
  summary: string;
  /** Where it came from: a feed's name, `api`, a folder. */
  source: string;
  sourceUrl: string | null;
  publishedAt: number;
  createdAt: number;
  /** Heightened watch on its targets ends then. */
  watchUntil: number;
  keywords: string[];
  reasons: string[];
  targets: ThreatTarget[];
}

export type NewThreat = Omit<Threat, 'createdAt'>;

/** A public claim of an attack and what checking it found. */
export interface Claim {
  id: string;
  text: string;
  source: string;
  sourceUrl: string | null;
  targetUrl: string | null;
  asserts: ClaimAssertion;
  status: ClaimStatus;
  summary: string;
  organisationId: number | null;
  siteId: number | null;
  threatId: string | null;
  incidentId: number | null;
  checkIds: number[];
  createdAt: number;
  checkedAt: number | null;
}

export type NewClaim = Omit<Claim, 'status' | 'summary' | 'incidentId' | 'checkIds' | 'checkedAt'>;

export interface ClaimOutcome {
  status: Exclude<ClaimStatus, 'pending'>;
  summary: string;
  incidentId: number | null;
  checkIds: number[];
  checkedAt: number;
  organisationId: number | null;
  siteId: number | null;
}

/** Which organisations the reader may see: all (CSIRT) or some. */
export type OrgScope = 'all' | readonly number[];
