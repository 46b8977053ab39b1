/**
 * A structural checker of the MISP core format (draft-dulaunoy-misp-core-format-18), for tests. It
 * checks what the draft says MUST (and SHALL) be present, with the draft's own field names and value
 * forms, the category-type pairs against the draft's table (for the types Mamori writes), and that
 * every object reference resolves inside the event. Instance-local ids (id, event_id, object_id,
 * org_id, orgc_id) are not required: the draft has the receiving instance assign them.
 */
import type { MispEvent } from './types.ts';

/** From the draft's "type" section: the categories each attribute type may take (the types Mamori writes). */
export const VALID_CATEGORIES: Record<string, readonly string[]> = {
  url: ['External analysis', 'Network activity', 'Payload delivery'],
  domain: ['External analysis', 'Network activity', 'Payload delivery'],
  hostname: ['External analysis', 'Network activity', 'Payload delivery'],
  'ip-dst': ['External analysis', 'Network activity', 'Payload delivery'],
  'http-method': ['Network activity'],
  text: ['Antivirus detection', 'Artifacts dropped', 'Attribution', 'External analysis', 'Other', 'Payload delivery'],
  comment: ['Antivirus detection', 'Attribution', 'External analysis', 'Other', 'Payload delivery'],
  'size-in-bytes': ['Other'],
  filename: ['Artifacts dropped', 'External analysis', 'Payload delivery', 'Payload installation'],
  sha256: ['Artifacts dropped', 'External analysis', 'Payload delivery', 'Payload installation'],
  'mime-type': ['Artifacts dropped', 'Payload delivery', 'Payload installation'],
  attachment: ['Antivirus detection', 'Artifacts dropped', 'External analysis', 'Network activity', 'Payload delivery'],
  'campaign-name': ['Attribution'],
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const DECIMAL = /^\d+$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

type Json = Record<string, unknown>;

function need(problems: string[], where: string, o: Json, key: string, test: (v: unknown) => boolean, what: string) {
  if (!(key in o)) problems.push(`${where}: ${key} must be present`);
  else if (!test(o[key])) problems.push(`${where}: ${key} must be ${what}`);
}

const isString = (v: unknown) => typeof v === 'string';
const isBool = (v: unknown) => typeof v === 'boolean';
const isUuid = (v: unknown) => typeof v === 'string' && UUID.test(v);
const isDecimal = (v: unknown) => typeof v === 'string' && DECIMAL.test(v);
const oneOf =
  (...values: string[]) =>
  (v: unknown) =>
    typeof v === 'string' && values.includes(v);

function checkAttribute(problems: string[], where: string, a: Json, inObject: boolean): void {
  need(problems, where, a, 'uuid', isUuid, 'a UUID string');
  need(problems, where, a, 'type', isString, 'a string');
  need(problems, where, a, 'category', isString, 'a string');
  need(problems, where, a, 'value', isString, 'a string');
  need(problems, where, a, 'to_ids', isBool, 'a boolean');
  need(problems, where, a, 'distribution', oneOf('0', '1', '2', '3', '4', '5'), 'one of "0".."5"');
  need(problems, where, a, 'timestamp', isDecimal, 'a string of decimal seconds');
  need(problems, where, a, 'deleted', isBool, 'a boolean');
  if (inObject) need(problems, where, a, 'object_relation', isString, 'a string');
  const valid = VALID_CATEGORIES[String(a.type)];
  if (!valid) problems.push(`${where}: type ${String(a.type)} is not one this checker knows`);
  else if (!valid.includes(String(a.category)))
    problems.push(`${where}: category ${String(a.category)} is not valid for type ${String(a.type)}`);
  if (a.type === 'attachment' || a.type === 'malware-sample')
    need(problems, where, a, 'data', (v) => typeof v === 'string' && v.length > 0 && BASE64.test(v), 'base64');
}

/** Every problem with one event, as `path: what is wrong` (empty when it follows the draft). */
export function checkMispEvent(file: unknown): string[] {
  const problems: string[] = [];
  const event = (file as Partial<MispEvent> | null)?.Event as Json | undefined;
  if (!event || typeof event !== 'object') return ['Event must be present'];
  need(problems, 'Event', event, 'uuid', isUuid, 'a UUID string');
  need(problems, 'Event', event, 'published', isBool, 'a boolean');
  need(problems, 'Event', event, 'info', (v) => isString(v) && !/\n/.test(v), 'a string without new lines');
  need(problems, 'Event', event, 'date', (v) => isString(v) && /^\d{4}-\d{2}-\d{2}$/.test(v), 'YYYY-MM-DD');
  need(problems, 'Event', event, 'timestamp', isDecimal, 'a string of decimal seconds');
  need(problems, 'Event', event, 'publish_timestamp', isDecimal, 'a string of decimal seconds');
  need(problems, 'Event', event, 'distribution', oneOf('0', '1', '2', '3', '4'), 'one of "0".."4"');
  need(problems, 'Event', event, 'threat_level_id', oneOf('1', '2', '3', '4'), 'one of "1".."4"');
  need(problems, 'Event', event, 'analysis', oneOf('0', '1', '2'), 'one of "0".."2"');
  need(problems, 'Event', event, 'attribute_count', isDecimal, 'a decimal string');
  if (event.distribution !== '4' && event.sharing_group_id !== undefined && event.sharing_group_id !== '0')
    problems.push('Event: sharing_group_id must be "0" unless distribution is "4"');
  const orgc = event.Orgc as Json | undefined;
  if (!orgc) problems.push('Event: Orgc must be present');
  else need(problems, 'Event.Orgc', orgc, 'uuid', isUuid, 'a UUID string');
  const uuids: string[] = [String(event.uuid)];
  const attributes = Array.isArray(event.Attribute) ? (event.Attribute as Json[]) : [];
  const objects = Array.isArray(event.Object) ? (event.Object as Json[]) : [];
  attributes.forEach((a, n) => {
    checkAttribute(problems, `Event.Attribute[${n}]`, a, false);
    uuids.push(String(a.uuid));
  });
  let count = attributes.length;
  objects.forEach((o, n) => {
    const where = `Event.Object[${n}]`;
    need(problems, where, o, 'uuid', isUuid, 'a UUID string');
    need(problems, where, o, 'name', isString, 'a string');
    need(problems, where, o, 'meta-category', isString, 'a string');
    need(problems, where, o, 'description', isString, 'a string');
    need(problems, where, o, 'template_uuid', isUuid, 'a UUID string');
    need(problems, where, o, 'template_version', isDecimal, 'a decimal string');
    need(problems, where, o, 'timestamp', isDecimal, 'a string of decimal seconds');
    need(problems, where, o, 'distribution', oneOf('0', '1', '2', '3', '4', '5'), 'one of "0".."5"');
    need(problems, where, o, 'deleted', isBool, 'a boolean');
    const attrs = Array.isArray(o.Attribute) ? (o.Attribute as Json[]) : [];
    if (attrs.length === 0) problems.push(`${where}: Attribute must describe the object`);
    attrs.forEach((a, m) => {
      checkAttribute(problems, `${where}.Attribute[${m}]`, a, true);
      uuids.push(String(a.uuid));
    });
    count += attrs.length;
    uuids.push(String(o.uuid));
  });
  const known = new Set(uuids);
  objects.forEach((o, n) => {
    for (const [m, r] of ((o.ObjectReference as Json[] | undefined) ?? []).entries()) {
      const where = `Event.Object[${n}].ObjectReference[${m}]`;
      need(problems, where, r, 'object_uuid', (v) => v === o.uuid, "the object's own uuid");
      need(problems, where, r, 'referenced_uuid', (v) => known.has(String(v)), 'an object or attribute of the event');
      need(problems, where, r, 'relationship_type', isString, 'a string');
      need(problems, where, r, 'uuid', isUuid, 'a UUID string');
      need(problems, where, r, 'timestamp', isDecimal, 'a string of decimal seconds');
      need(problems, where, r, 'deleted', isBool, 'a boolean');
    }
  });
  ((event.Tag as Json[] | undefined) ?? []).forEach((t, n) => {
    need(problems, `Event.Tag[${n}]`, t, 'name', (v) => isString(v) && v.length > 0, 'a non-empty string');
    need(problems, `Event.Tag[${n}]`, t, 'colour', (v) => isString(v) && /^#[0-9a-fA-F]{6}$/.test(v), 'an RGB colour');
    need(problems, `Event.Tag[${n}]`, t, 'exportable', isBool, 'a boolean');
  });
  if (new Set(uuids).size !== uuids.length) problems.push('Event: a uuid appears twice');
  if (isDecimal(event.attribute_count) && Number(event.attribute_count) !== count)
    problems.push(`Event: attribute_count is ${String(event.attribute_count)} but the event holds ${count}`);
  return problems;
}
