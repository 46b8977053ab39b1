/**
 * Pure builders of MISP attributes and objects (MISP core format, sections "Attribute" and "Objects";
 * object templates from the MISP/misp-objects directory). UUIDs are UUIDv5 under the export's own key,
 * so exporting the same rows again updates the same event instead of duplicating it, and the same
 * check in two events never collides on an attribute uuid (MISP keeps attribute uuids unique).
 */
import { observationRun, runSuffix } from '../observation-run.ts';
import { MAMORI_NAMESPACE, uuidV5 } from '../stix/ids.ts';
import type { ObservationInput } from '../stix/types.ts';
import type { MispAttribute, MispObject, MispObjectReference, ScreenshotInput } from './types.ts';

/** The object templates used, as published in MISP/misp-objects (objects/<name>/definition.json). */
export const TEMPLATES = {
  url: {
    uuid: '60efb77b-40b5-4c46-871b-ed1ed999fce5',
    version: '3',
    metaCategory: 'network',
    description:
      'url object describes an url along with its normalized field (like extracted using faup parsing library) and its metadata.',
  },
  'http-request': {
    uuid: 'b4a8d163-8110-4239-bfcf-e08f3a9fdf7b',
    version: '5',
    metaCategory: 'network',
    description: 'A single HTTP request header',
  },
  file: {
    uuid: '688c46fb-5edb-40a3-8273-1af7923e2215',
    version: '23',
    metaCategory: 'file',
    description: 'File object describing a file with meta-information',
  },
} as const;
export type TemplateName = keyof typeof TEMPLATES;

/** A category valid for each attribute type written (the core format's category-type table). */
const CATEGORY: Record<string, string> = {
  url: 'Network activity',
  domain: 'Network activity',
  hostname: 'Network activity',
  'ip-dst': 'Network activity',
  'http-method': 'Network activity',
  text: 'Other',
  comment: 'Other',
  'size-in-bytes': 'Other',
  filename: 'Payload delivery',
  sha256: 'Payload delivery',
  'mime-type': 'Payload delivery',
  attachment: 'External analysis',
  'campaign-name': 'Attribution',
};

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

export const seconds = (epochMs: number): string => String(Math.floor(epochMs / 1000));

/** Builds uuids and timestamps for one event: every uuid is derived from the event's key and a local name. */
export class MispContext {
  constructor(readonly eventKey: string) {}
  uuid(name: string): string {
    return uuidV5(`misp/${this.eventKey}/${name}`, MAMORI_NAMESPACE);
  }
}

export interface AttributeSpec {
  type: string;
  value: string;
  at: number;
  category?: string;
  toIds?: boolean;
  comment?: string;
  relation?: string;
  data?: string;
  /** Values such as sizes and MIME types correlate everything with everything. */
  noCorrelation?: boolean;
}

export function attribute(ctx: MispContext, name: string, spec: AttributeSpec): MispAttribute {
  const category = spec.category ?? CATEGORY[spec.type];
  if (!category) throw new Error(`no MISP category for attribute type ${spec.type}`);
  return {
    uuid: ctx.uuid(`attribute/${name}`),
    type: spec.type,
    category,
    value: spec.value,
    to_ids: spec.toIds ?? false,
    distribution: '5',
    sharing_group_id: '0',
    timestamp: seconds(spec.at),
    comment: spec.comment ?? '',
    deleted: false,
    disable_correlation: spec.noCorrelation ?? false,
    ...(spec.relation ? { object_relation: spec.relation } : {}),
    ...(spec.data !== undefined ? { data: spec.data } : {}),
  };
}

/** When an object was seen: one instant, or the span of a run of identical checks. */
type Seen = number | { firstAt: number; lastAt: number };

function object(
  ctx: MispContext,
  name: string,
  template: TemplateName,
  seen: Seen,
  comment: string,
  attrs: (Omit<AttributeSpec, 'at' | 'relation'> & { relation: string })[],
): MispObject {
  const t = TEMPLATES[template];
  const firstAt = typeof seen === 'number' ? seen : seen.firstAt;
  const lastAt = typeof seen === 'number' ? seen : seen.lastAt;
  // The object changes when its run was last extended, so its timestamp is the run's end (MISP
  // updates an object whose timestamp moved); last_seen is written only for a run.
  const at = lastAt;
  return {
    uuid: ctx.uuid(`object/${name}`),
    name: template,
    'meta-category': t.metaCategory,
    description: t.description,
    template_uuid: t.uuid,
    template_version: t.version,
    timestamp: seconds(at),
    distribution: '5',
    sharing_group_id: '0',
    comment,
    deleted: false,
    first_seen: new Date(firstAt).toISOString(),
    ...(lastAt > firstAt ? { last_seen: new Date(lastAt).toISOString() } : {}),
    Attribute: attrs.map((a) => attribute(ctx, `${name}/${a.relation}`, { ...a, at })),
    ObjectReference: [],
  };
}

/** Links `from` to `to` (an object reference lives on its source object). */
export function reference(
  ctx: MispContext,
  from: MispObject,
  to: MispObject,
  type: string,
  at: number,
  comment = '',
): void {
  const ref: MispObjectReference = {
    uuid: ctx.uuid(`reference/${from.uuid}/${type}/${to.uuid}`),
    object_uuid: from.uuid,
    referenced_uuid: to.uuid,
    relationship_type: type,
    timestamp: seconds(at),
    comment,
    deleted: false,
  };
  from.ObjectReference.push(ref);
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return null;
  }
}

/** What the check concluded, for comments. */
export function verdictLine(obs: ObservationInput): string {
  const reasons = obs.reasons.map((r) => `${r.code}: ${r.message}`).join('; ');
  return `check ${obs.checkId}${runSuffix(obs)}: HTTP ${obs.httpStatus ?? 'none'}, outcome ${obs.outcome}, verdict ${obs.verdict}${reasons ? ` (${reasons})` : ''}`;
}

/**
 * The page as Mamori saw it in one check: a `url` object. The estate's own addresses are never
 * `to_ids`: a detection system fed this event must not start blocking the government's site.
 */
export function urlObject(ctx: MispContext, obs: ObservationInput): MispObject {
  const host = hostOf(obs.url);
  return object(ctx, `check/${obs.checkId}/url`, 'url', observationRun(obs), verdictLine(obs), [
    { type: 'url', value: obs.url, relation: 'url' },
    ...(host && !IPV4.test(host) && !host.includes(':') ? [{ type: 'domain', value: host, relation: 'domain' }] : []),
  ]);
}

/** The request Mamori made and the address that answered: an `http-request` object. */
export function httpRequestObject(ctx: MispContext, obs: ObservationInput): MispObject {
  const host = hostOf(obs.url);
  return object(ctx, `check/${obs.checkId}/http-request`, 'http-request', observationRun(obs), verdictLine(obs), [
    { type: 'url', value: obs.url, relation: 'url' },
    { type: 'http-method', value: 'GET', relation: 'method', noCorrelation: true },
    ...(host && !IPV4.test(host) && !host.includes(':') ? [{ type: 'hostname', value: host, relation: 'host' }] : []),
    ...(obs.remoteAddress ? [{ type: 'ip-dst', value: obs.remoteAddress, relation: 'ip' }] : []),
    {
      type: 'text',
      value: `HTTP ${obs.httpStatus ?? 'no answer'} (${obs.outcome})`,
      relation: 'text',
      noCorrelation: true,
    },
  ]);
}

function filenameOf(url: string): string {
  try {
    const last = new URL(url).pathname.split('/').pop();
    return last ? decodeURIComponent(last) : 'index.html';
  } catch {
    return 'index.html';
  }
}

/** The response body as received: a `file` object with its SHA-256 (the body itself stays in the evidence). */
export function bodyFileObject(ctx: MispContext, obs: ObservationInput): MispObject | null {
  if (!obs.bodySha256) return null;
  const mime = obs.contentType?.split(';')[0]?.trim();
  return object(ctx, `check/${obs.checkId}/body`, 'file', observationRun(obs), `response body of ${verdictLine(obs)}`, [
    { type: 'filename', value: filenameOf(obs.url), relation: 'filename', noCorrelation: true },
    { type: 'sha256', value: obs.bodySha256, relation: 'sha256' },
    ...(obs.bodyBytes !== null && obs.bodyBytes !== undefined
      ? [{ type: 'size-in-bytes', value: String(obs.bodyBytes), relation: 'size-in-bytes', noCorrelation: true }]
      : []),
    ...(mime ? [{ type: 'mime-type', value: mime, relation: 'mimetype', noCorrelation: true }] : []),
  ]);
}

/** A screenshot as a `file` object whose `attachment` attribute carries the image, base64 in `data`. */
export function screenshotObject(ctx: MispContext, shot: ScreenshotInput, at: number): MispObject {
  const safeLabel = shot.label.replace(/[^A-Za-z0-9._-]+/g, '-') || 'screenshot';
  const filename = `check-${shot.checkId}-${safeLabel}.png`;
  return object(ctx, `check/${shot.checkId}/screenshot/${shot.sha256}`, 'file', at, `screenshot (${shot.label})`, [
    { type: 'attachment', value: filename, relation: 'attachment', data: shot.data.toString('base64') },
    { type: 'filename', value: filename, relation: 'filename', noCorrelation: true },
    { type: 'sha256', value: shot.sha256, relation: 'sha256' },
    { type: 'size-in-bytes', value: String(shot.data.length), relation: 'size-in-bytes', noCorrelation: true },
    { type: 'mime-type', value: shot.mediaType, relation: 'mimetype', noCorrelation: true },
  ]);
}

export { IPV4 };
