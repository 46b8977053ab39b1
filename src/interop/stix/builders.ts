/**
 * Pure builders from Mamori rows to STIX 2.1 objects (no I/O). Every id is deterministic (ids.ts) and
 * every timestamp comes from the row, so the same rows always export to the same objects.
 */
import { scoId, stixId, stixTime } from './ids.ts';
import { INCIDENT_CORE_EXTENSION_ID, incidentCoreExtension } from './incident-core.ts';
import { observationRun } from '../observation-run.ts';
import type {
  CampaignInput,
  ClaimInput,
  IncidentInput,
  ObservationInput,
  OrganisationInput,
  StixObject,
  ThreatInput,
} from './types.ts';

const SPEC = '2.1';
/** Mamori itself, the producer named in every object's created_by_ref. */
export const MAMORI_IDENTITY_ID = stixId('identity', 'mamori');

/** A fixed creation time for Mamori's own identity, so it never changes between exports. */
const MAMORI_IDENTITY_CREATED = Date.UTC(2026, 0, 1);

function sdo(type: string, key: string, created: number, modified: number, props: Record<string, unknown>): StixObject {
  return {
    type,
    spec_version: SPEC,
    id: stixId(type, key),
    created_by_ref: MAMORI_IDENTITY_ID,
    created: stixTime(created),
    modified: stixTime(Math.max(created, modified)),
    ...props,
  };
}

export function mamoriIdentity(): StixObject {
  const at = stixTime(MAMORI_IDENTITY_CREATED);
  return {
    type: 'identity',
    spec_version: SPEC,
    id: MAMORI_IDENTITY_ID,
    created: at,
    modified: at,
    name: 'Mamori',
    identity_class: 'system',
    description: 'Web estate integrity monitor that produced these objects.',
  };
}

export function organisationIdentity(org: OrganisationInput): StixObject {
  return sdo('identity', `organisation:${org.id}`, org.createdAt, org.createdAt, {
    name: org.name,
    identity_class: 'organization',
    sectors: ['government'],
    ...(org.aliases.length > 0 ? { description: `Also known as: ${org.aliases.join(', ')}` } : {}),
    external_references: [{ source_name: 'mamori', external_id: org.slug }],
  });
}

export function incidentObject(incident: IncidentInput): StixObject {
  return sdo('incident', `incident:${incident.id}`, incident.openedAt, incident.lastSeenAt, {
    name: incident.title,
    description: `${incident.summary}\nURL: ${incident.url}`,
    labels: [
      `kind:${incident.kind}`,
      `severity:${incident.severity}`,
      `state:${incident.state}`,
      `scope:${incident.scope}`,
    ],
    external_references: [{ source_name: 'mamori', external_id: `incident-${incident.id}`, url: incident.url }],
    extensions: { [INCIDENT_CORE_EXTENSION_ID]: incidentCoreExtension(incident) },
  });
}

export function campaignObject(campaign: CampaignInput): StixObject {
  return sdo('campaign', `campaign:${campaign.id}`, campaign.createdAt, campaign.updatedAt, {
    name: campaign.title,
    description: `Incidents grouped by shared traits: ${campaign.keys.join(', ') || 'time window'}`,
    first_seen: stixTime(campaign.createdAt),
    last_seen: stixTime(Math.max(campaign.createdAt, campaign.updatedAt)),
  });
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return null;
  }
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** The cyber-observables one check saw: the URL, its host (a domain or an IPv4 address) and the address answering. */
export function observedScos(obs: ObservationInput): StixObject[] {
  const out: StixObject[] = [{ type: 'url', spec_version: SPEC, id: scoId('url', { value: obs.url }), value: obs.url }];
  const host = hostOf(obs.url);
  const addresses = new Set<string>();
  if (host && IPV4.test(host)) addresses.add(host);
  else if (host && !host.includes(':'))
    out.push({ type: 'domain-name', spec_version: SPEC, id: scoId('domain-name', { value: host }), value: host });
  if (obs.remoteAddress && IPV4.test(obs.remoteAddress)) addresses.add(obs.remoteAddress);
  for (const a of addresses)
    out.push({ type: 'ipv4-addr', spec_version: SPEC, id: scoId('ipv4-addr', { value: a }), value: a });
  const domain = out.find((o) => o.type === 'domain-name');
  if (domain && obs.remoteAddress && IPV4.test(obs.remoteAddress))
    domain.resolves_to_refs = [scoId('ipv4-addr', { value: obs.remoteAddress })];
  return out;
}

/** One check as observed-data over its SCOs (the SCOs are returned too, for the bundle). */
export function observation(obs: ObservationInput): StixObject[] {
  const scos = observedScos(obs);
  const reasons = obs.reasons.map((r) => `${r.code}: ${r.message}`).join('\n');
  // A run of identical checks is one observation seen `seenCount` times: STIX says so with
  // number_observed and the span, and the object is modified when its run was last extended.
  const run = observationRun(obs);
  const data = sdo('observed-data', `check:${obs.checkId}`, run.firstAt, run.lastAt, {
    first_observed: stixTime(run.firstAt),
    last_observed: stixTime(run.lastAt),
    number_observed: run.count,
    object_refs: scos.map((s) => s.id),
    labels: [`verdict:${obs.verdict}`, `outcome:${obs.outcome}`],
    external_references: [
      {
        source_name: 'mamori',
        external_id: `check-${obs.checkId}`,
        description: `HTTP ${obs.httpStatus ?? 'none'}, verdict ${obs.verdict}${reasons ? `\n${reasons}` : ''}`,
      },
    ],
  });
  return [data, ...scos];
}

/** STIX patterning quotes strings in single quotes; backslash and quote are escaped. */
export function patternString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Regex metacharacters escaped, so a signature matches literally inside a MATCHES pattern. */
function literalRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An injected origin (a host a tampered page newly loaded from or linked to) as an indicator. */
export function injectedHostIndicator(host: string, validFrom: number): StixObject {
  const ip = IPV4.test(host);
  return sdo('indicator', `host:${host}`, validFrom, validFrom, {
    name: `Injected origin ${host}`,
    description: 'A host that tampered pages in the estate newly loaded scripts, frames or links from.',
    indicator_types: ['malicious-activity'],
    pattern: ip ? `[ipv4-addr:value = ${patternString(host)}]` : `[domain-name:value = ${patternString(host)}]`,
    pattern_type: 'stix',
    valid_from: stixTime(validFrom),
  });
}

/**
 * A defacer's signature ("hacked by ghost team") as an indicator. STIX has no text-content object, so
 * the pattern matches the page body as an artifact: its HTML payload matched case-insensitively.
 */
export function signatureIndicator(signature: string, validFrom: number): StixObject {
  return sdo('indicator', `signature:${signature.toLowerCase()}`, validFrom, validFrom, {
    name: `Defacer signature "${signature}"`,
    description: "A defacer's phrase found on tampered pages of the estate.",
    indicator_types: ['compromised'],
    pattern: `[artifact:mime_type = 'text/html' AND artifact:payload_bin MATCHES ${patternString(`(?i)${literalRegex(signature)}`)}]`,
    pattern_type: 'stix',
    valid_from: stixTime(validFrom),
  });
}

/** A threat announcement as a report naming the organisations it targets. */
export function threatReport(threat: ThreatInput, refs: string[]): StixObject {
  return sdo('report', `threat:${threat.id}`, threat.createdAt, threat.updatedAt, {
    name: threat.title,
    description: threat.summary || threat.title,
    report_types: ['threat-report'],
    published: stixTime(threat.publishedAt),
    object_refs: refs.length > 0 ? refs : [MAMORI_IDENTITY_ID],
    ...(threat.keywords.length > 0 ? { labels: threat.keywords } : {}),
    // STIX wants a reference to say more than its source's name: the threat's own id always does.
    external_references: [
      { source_name: threat.source, external_id: threat.id, ...(threat.sourceUrl ? { url: threat.sourceUrl } : {}) },
    ],
  });
}

/** A claim as a note on what it is about; its verification is stated in the note and on its relationships. */
export function claimNote(claim: ClaimInput, refs: string[]): StixObject {
  const checked = claim.checkedAt !== null ? ` (checked ${stixTime(claim.checkedAt)})` : '';
  return sdo('note', `claim:${claim.id}`, claim.createdAt, claim.checkedAt ?? claim.createdAt, {
    abstract: `Claim (${claim.status}): ${claim.targetUrl}`,
    content: `${claim.text}\n\nSource: ${claim.source}\nTarget: ${claim.targetUrl}\nVerification: ${claim.status}${checked}`,
    authors: [claim.source],
    labels: [`claim-status:${claim.status}`],
    object_refs: refs.length > 0 ? refs : [MAMORI_IDENTITY_ID],
  });
}

/** A relationship between two objects, its id fixed by its ends and type. */
export function relationship(
  type: string,
  source: string,
  target: string,
  at: number,
  description?: string,
): StixObject {
  return sdo('relationship', `${source}|${type}|${target}`, at, at, {
    relationship_type: type,
    source_ref: source,
    target_ref: target,
    ...(description ? { description } : {}),
  });
}
