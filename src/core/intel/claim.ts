/**
 * Claims of attacks ("site X was hacked", "X is down") judged by what Mamori observed. Pure: the
 * caller resolves the target, runs the checks and looks up incidents; this says what the claim
 * asserts and whether the observations confirm it, refute it, or cannot tell, in words.
 */
import { CLAIM_DEFACED_TERMS, CLAIM_DOWN_TERMS } from './vocabulary.ts';
import { hostsIn, termsIn, urlsIn } from './terms.ts';

export type ClaimAssertion = 'defaced' | 'down' | 'unspecified';
export type ClaimStatus = 'pending' | 'confirmed' | 'refuted' | 'unverifiable';

export interface ParsedClaim {
  asserts: ClaimAssertion;
  urls: string[];
  hosts: string[];
}

/** What a claim's text asserts and which URLs and hosts it names. */
export function parseClaim(text: string): ParsedClaim {
  const defaced = termsIn(text, CLAIM_DEFACED_TERMS).length > 0;
  const down = termsIn(text, CLAIM_DOWN_TERMS).length > 0;
  // "Hacked and taken down" is checked as a defacement: a page that is down is then unverifiable,
  // while one that is up and intact refutes the hacking part.
  const asserts: ClaimAssertion = defaced ? 'defaced' : down ? 'down' : 'unspecified';
  return { asserts, urls: urlsIn(text), hosts: hostsIn(text) };
}

/** One page checked to verify a claim. */
export interface ClaimObservation {
  pageId: number;
  url: string;
  checkId: number;
  verdict: 'unchanged' | 'changed' | 'suspicious' | 'tampered' | 'down';
  /** The page had a learnt baseline to compare with. */
  learnt: boolean;
  /** The first reason of the check, for the summary. */
  reason: string | null;
}

/** An incident already open on a checked page or its site. */
export interface ClaimIncident {
  id: number;
  kind: 'tampered' | 'suspicious' | 'down' | 'degraded';
  pageId: number | null;
}

export interface ClaimJudgement {
  status: Exclude<ClaimStatus, 'pending'>;
  summary: string;
  incidentId: number | null;
}

const DEFACED_KINDS = new Set(['tampered']);
const DOWN_KINDS = new Set(['down', 'degraded']);

/** Confirmed, refuted or unverifiable, from the checks just run and the open incidents. */
export function judgeClaim(
  asserts: ClaimAssertion,
  observations: readonly ClaimObservation[],
  incidents: readonly ClaimIncident[],
): ClaimJudgement {
  if (observations.length === 0)
    return { status: 'unverifiable', summary: 'The claim names nothing Mamori watches.', incidentId: null };
  const wantsDefaced = asserts !== 'down';
  const wantsDown = asserts !== 'defaced';
  const hits = observations.filter(
    (o) => (wantsDefaced && o.verdict === 'tampered') || (wantsDown && o.verdict === 'down'),
  );
  const incident = incidents.find(
    (i) => (wantsDefaced && DEFACED_KINDS.has(i.kind)) || (wantsDown && DOWN_KINDS.has(i.kind)),
  );
  if (hits.length > 0 || incident) {
    const seen = hits.map((o) => `${o.url} is ${o.verdict}${o.reason ? ` (${o.reason})` : ''}`);
    const open = incident ? [`incident #${incident.id} is open`] : [];
    return {
      status: 'confirmed',
      summary: `Confirmed: ${[...seen, ...open].join('; ')}.`,
      incidentId: incident?.id ?? null,
    };
  }
  const unreachable = observations.filter((o) => o.verdict === 'down');
  const unknown = observations.filter((o) => !o.learnt && o.verdict !== 'down');
  const suspicious = observations.filter((o) => o.verdict === 'suspicious');
  if (suspicious.length > 0) {
    return {
      status: 'unverifiable',
      summary: `Needs an analyst: ${suspicious.map((o) => `${o.url} is suspicious${o.reason ? ` (${o.reason})` : ''}`).join('; ')}.`,
      incidentId: null,
    };
  }
  if (unreachable.length === observations.length) {
    return {
      status: 'unverifiable',
      summary: `Every page checked is unreachable, so its content cannot be seen: ${unreachable.map((o) => o.url).join(', ')}.`,
      incidentId: null,
    };
  }
  if (unknown.length > 0) {
    return {
      status: 'unverifiable',
      summary: `No learnt baseline yet to compare with for ${unknown.map((o) => o.url).join(', ')}.`,
      incidentId: null,
    };
  }
  const intact = observations.filter((o) => o.verdict === 'unchanged' || o.verdict === 'changed');
  const what = asserts === 'down' ? 'up' : 'up and matching its baseline';
  return {
    status: 'refuted',
    summary: `Refuted: ${intact.length} page${intact.length === 1 ? '' : 's'} checked, each ${what} (${intact.map((o) => o.url).join(', ')}).`,
    incidentId: null,
  };
}
