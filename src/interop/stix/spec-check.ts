/**
 * A checker of the STIX 2.1 rules the exported object types must follow (spec sections 2-4, 6):
 * required properties, id form, timestamp form, spec_version, reference ids. Used by the tests and
 * by `mamori export stix --check`; it is not the OASIS JSON schemas (see README "STIX export").
 */
import { OASIS_IDENTITY_ID, checkIncidentCore } from './incident-core.ts';
import type { StixObject } from './types.ts';

const ID = /^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TIME_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const SCO_TYPES = new Set(['url', 'domain-name', 'ipv4-addr']);

const REQUIRED: Record<string, string[]> = {
  identity: ['name'],
  incident: ['name'],
  campaign: ['name'],
  indicator: ['pattern', 'pattern_type', 'valid_from'],
  'observed-data': ['first_observed', 'last_observed', 'number_observed', 'object_refs'],
  report: ['name', 'published', 'object_refs'],
  note: ['content', 'object_refs'],
  relationship: ['relationship_type', 'source_ref', 'target_ref'],
  'extension-definition': ['name', 'schema', 'version', 'extension_types'],
  url: ['value'],
  'domain-name': ['value'],
  'ipv4-addr': ['value'],
};

function refsOf(o: StixObject): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(o)) {
    if (k.endsWith('_ref') && typeof v === 'string') out.push(v);
    if (k.endsWith('_refs') && Array.isArray(v)) out.push(...v.filter((x): x is string => typeof x === 'string'));
  }
  return out;
}

/** Problems with one object, as sentences (empty when it follows the rules checked here). */
export function checkObject(o: StixObject): string[] {
  const problems: string[] = [];
  const required = REQUIRED[o.type];
  if (!required) return [`${o.id}: type ${o.type} is not one Mamori exports`];
  if (!ID.test(o.id) || !o.id.startsWith(`${o.type}--`)) problems.push(`${o.id}: id must be ${o.type}--<UUID>`);
  if (o.spec_version !== '2.1') problems.push(`${o.id}: spec_version must be "2.1"`);
  for (const key of required)
    if (o[key] === undefined || o[key] === '' || (Array.isArray(o[key]) && (o[key] as unknown[]).length === 0))
      problems.push(`${o.id}: ${key} is required`);
  if (!SCO_TYPES.has(o.type)) {
    for (const key of ['created', 'modified'])
      if (typeof o[key] !== 'string' || !TIME_MS.test(o[key]))
        problems.push(`${o.id}: ${key} must be a UTC timestamp with milliseconds`);
    if (typeof o.created === 'string' && typeof o.modified === 'string' && o.modified < o.created)
      problems.push(`${o.id}: modified is before created`);
  }
  for (const ref of refsOf(o)) if (!ID.test(ref)) problems.push(`${o.id}: reference ${ref} is not a STIX id`);
  for (const [k, v] of Object.entries(o))
    if (Array.isArray(v) && v.length === 0) problems.push(`${o.id}: ${k} must not be an empty list`);
  if (o.type === 'incident') problems.push(...checkIncidentCore(o));
  if (o.type === 'indicator' && typeof o.pattern === 'string' && !/^\[.+\]$/.test(o.pattern))
    problems.push(`${o.id}: pattern must be a bracketed comparison`);
  return problems;
}

/** Objects referred to that live outside any bundle Mamori writes (the creator of a published extension definition). */
const WELL_KNOWN = new Set([OASIS_IDENTITY_ID]);

/** Problems with a bundle: each object's, plus references to objects that are not in it (or well known). */
export function checkBundle(objects: readonly StixObject[]): string[] {
  const ids = new Set(objects.map((o) => o.id));
  const problems = objects.flatMap(checkObject);
  if (ids.size !== objects.length) problems.push('bundle: an id appears twice');
  for (const o of objects)
    for (const ref of refsOf(o))
      if (!ids.has(ref) && !WELL_KNOWN.has(ref)) problems.push(`${o.id}: refers to ${ref}, which is not in the bundle`);
  return problems;
}
