/**
 * The OASIS Incident Core Extension (version 2.0, extension-definition--ef765651-680c-498d-9894-99799f2fa126,
 * oasis-open/cti-stix-common-objects, extension-definition-specifications/incident-core): a property
 * extension of `incident` that says how far the case has gone (determination, investigation status),
 * what kind of incident it is, how it was detected and how critical it is. Pure mapping from Mamori's
 * incident fields; the vocabularies are the specification's.
 */
import type { IncidentInput, StixObject } from './types.ts';

export const INCIDENT_CORE_EXTENSION_ID = 'extension-definition--ef765651-680c-498d-9894-99799f2fa126';

/**
 * The extension definition object as OASIS publishes it (objects/extension-definition/ in
 * cti-stix-common-objects), so a consumer that does not know the extension can look it up. Copied as
 * published: a consumer that has it already sees the same id, version and modified time.
 */
export const INCIDENT_CORE_DEFINITION: StixObject = {
  id: INCIDENT_CORE_EXTENSION_ID,
  type: 'extension-definition',
  spec_version: '2.1',
  name: 'Incident Core Extension',
  description:
    "A core extension of the Incident object to allow core details of the Incident to be shared while tracking major details tied to the incident's timeline.  Multiple Incidents can be tied together via relationships if a higher degree of fidelity is needed across phases.",
  created: '2020-10-19T20:51:00.000Z',
  modified: '2023-07-11T00:56:00.000Z',
  created_by_ref: 'identity--8ce3f695-d5a4-4dc8-9e93-a65af453a31a',
  schema:
    'https://github.com/oasis-open/cti-stix-common-objects/tree/main/extension-definition-specifications/incident-ef7',
  version: '2.0.0',
  extension_types: ['property-extension'],
};

/** OASIS's own identity, the creator of the definition: a reference that resolves outside the bundle. */
export const OASIS_IDENTITY_ID = 'identity--8ce3f695-d5a4-4dc8-9e93-a65af453a31a';

/** incident-determination-enum (section 5.5). */
export const DETERMINATIONS = ['blocked', 'confirmed', 'failed-attempt', 'false-positive', 'suspected'] as const;
/** incident-investigation-ov (section 4.6). */
export const INVESTIGATION_STATUSES = ['closed', 'new', 'open'] as const;
/** detection-methods-ov (section 4.2), the values Mamori uses. */
const DETECTION = { tool: 'automated-tool', outage: 'system-outage', attacker: 'message-from-attacker' } as const;

type Determination = (typeof DETERMINATIONS)[number];
type InvestigationStatus = (typeof INVESTIGATION_STATUSES)[number];

/**
 * Mamori's states as the extension's workflow: an incident nobody has touched is `new`, an
 * acknowledged one is being worked (`open`), a resolved or dismissed one is `closed`.
 */
function investigationStatus(state: string): InvestigationStatus {
  if (state === 'open') return 'new';
  if (state === 'acknowledged') return 'open';
  return 'closed';
}

/**
 * `suspected` until an analyst decides (the specification's advice for automated findings);
 * a false positive says so; an incident an analyst resolved by hand is `confirmed`. One that closed
 * by itself (the page came back) stays `suspected`: nobody confirmed it.
 */
function determination(incident: IncidentInput): Determination {
  if (incident.state === 'false_positive') return 'false-positive';
  if (incident.state === 'resolved' && incident.resolution === 'resolved') return 'confirmed';
  return 'suspected';
}

/** event-type-ov (section 4.4) values for what Mamori saw. */
function incidentTypes(incident: IncidentInput): string[] {
  if (incident.kind === 'down') return ['denial-of-service'];
  if (incident.kind === 'tampered')
    return incident.signatures.length > 0 ? ['modification-information', 'vandalism'] : ['modification-information'];
  return ['undetermined'];
}

/** Appendix B, "5 Qualitative": Low 15, Moderate 40, High 70, Extreme 95; a false positive is 0. */
const CRITICALITY: Record<string, number> = { low: 15, medium: 40, high: 70, critical: 95 };

export function incidentCoreExtension(incident: IncidentInput): Record<string, unknown> {
  const detection: string[] = [DETECTION.tool];
  if (incident.kind === 'down' || incident.kind === 'degraded') detection.push(DETECTION.outage);
  // A defacer's signature on the page is the attacker's own message.
  if (incident.signatures.length > 0) detection.push(DETECTION.attacker);
  return {
    extension_type: 'property-extension',
    determination: determination(incident),
    investigation_status: investigationStatus(incident.state),
    incident_types: incidentTypes(incident),
    detection_methods: detection,
    criticality: incident.state === 'false_positive' ? 0 : (CRITICALITY[incident.severity] ?? 40),
  };
}

const ALLOWED = new Set([
  'extension_type',
  'determination',
  'investigation_status',
  'criticality',
  'detection_methods',
  'events',
  'impact_refs',
  'impacted_entity_counts',
  'incident_types',
  'recoverability',
  'scores',
  'tasks',
]);

/**
 * Problems of one incident's Incident Core extension against the specification's table (section 2.1):
 * required properties, the closed enumeration, criticality 0-100, non-empty lists. The OASIS JSON
 * schemas check only that an extension has an `extension_type`; this checks the rest.
 */
export function checkIncidentCore(incident: StixObject): string[] {
  const ext = (incident.extensions as Record<string, Record<string, unknown>> | undefined)?.[
    INCIDENT_CORE_EXTENSION_ID
  ];
  if (!ext) return [`${incident.id}: no Incident Core extension`];
  const problems: string[] = [];
  const say = (p: string): number => problems.push(`${incident.id}: Incident Core ${p}`);
  if (ext.extension_type !== 'property-extension') say('extension_type must be "property-extension"');
  if (!DETERMINATIONS.includes(ext.determination as Determination))
    say(`determination ${String(ext.determination)} is not in incident-determination-enum`);
  if (typeof ext.investigation_status !== 'string' || ext.investigation_status === '')
    say('investigation_status is required');
  for (const key of Object.keys(ext)) if (!ALLOWED.has(key)) say(`has unknown property ${key}`);
  const c = ext.criticality;
  if (c !== undefined && !(Number.isInteger(c) && (c as number) >= 0 && (c as number) <= 100))
    say('criticality must be an integer from 0 to 100');
  for (const key of ['detection_methods', 'incident_types'])
    if (ext[key] !== undefined && (!Array.isArray(ext[key]) || (ext[key] as unknown[]).length === 0))
      say(`${key} must be a non-empty list`);
  return problems;
}
