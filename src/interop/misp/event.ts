/**
 * One export as one MISP event (MISP core format): the incidents' indicators as attributes (injected
 * origins are `to_ids`, the only ones a detection system should act on), each check as `url`,
 * `http-request` and `file` objects, each screenshot as a `file` object with its image attached, and
 * tags for TLP and the RSIT incident class. Pure: the same rows give the same bytes.
 */
import type { IncidentInput, ObservationInput } from '../stix/types.ts';
import { observationRun } from '../observation-run.ts';
import {
  IPV4,
  MispContext,
  attribute,
  bodyFileObject,
  httpRequestObject,
  reference,
  screenshotObject,
  seconds,
  urlObject,
} from './objects.ts';
import type { MispAttribute, MispEvent, MispExportInput, MispObject, MispOptions, MispTag, TlpLevel } from './types.ts';

const TLP_COLOUR: Record<TlpLevel, string> = {
  clear: '#ffffff',
  green: '#339900',
  amber: '#ffc000',
  'amber+strict': '#ffc000',
  red: '#cc0033',
};

/** The RSIT taxonomy (MISP/misp-taxonomies rsit) class of each incident kind; suspicious has none yet. */
const RSIT: Record<string, string> = {
  tampered: 'rsit:information-content-security="unauthorised-information-modification"',
  down: 'rsit:availability="outage"',
  degraded: 'rsit:availability="outage"',
};

/** threat_level_id: "1" high .. "3" low, "4" undefined. */
function threatLevel(incidents: readonly IncidentInput[]): string {
  const s = new Set(incidents.filter((i) => i.state !== 'false_positive').map((i) => i.severity));
  if (s.has('critical') || s.has('high')) return '1';
  if (s.has('medium')) return '2';
  if (s.has('low')) return '3';
  return '4';
}

/** analysis: "0" initial (nobody looked yet), "1" ongoing, "2" complete (every incident closed). */
function analysis(incidents: readonly IncidentInput[]): string {
  if (incidents.length > 0 && incidents.every((i) => i.state === 'resolved' || i.state === 'false_positive'))
    return '2';
  return incidents.some((i) => i.state !== 'open') ? '1' : '0';
}

/** info: at most 256 characters, no new lines (section "info"). */
function infoOf(input: MispExportInput): string {
  const [first] = input.incidents;
  const [campaign] = input.campaigns;
  let text: string;
  if (input.incidents.length === 1 && first) text = `Mamori: ${first.title} (${first.url})`;
  else if (input.campaigns.length === 1 && campaign) text = `Mamori campaign: ${campaign.title}`;
  else text = `Mamori: ${input.incidents.length} incidents on the watched estate`;
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 256 ? `${flat.slice(0, 255)}…` : flat;
}

function incidentAttributes(ctx: MispContext, input: MispExportInput): MispAttribute[] {
  const out: MispAttribute[] = [];
  const seen = new Set<string>();
  for (const i of input.incidents) {
    out.push(
      attribute(ctx, `incident/${i.id}`, {
        type: 'comment',
        value: `Incident ${i.id} (${i.scope} ${i.kind}, ${i.severity}, ${i.state}): ${i.title}. ${i.summary} URL: ${i.url}`,
        at: i.lastSeenAt,
        noCorrelation: true,
      }),
    );
    for (const host of i.hosts) {
      if (seen.has(`host:${host}`)) continue;
      seen.add(`host:${host}`);
      out.push(
        attribute(ctx, `host/${host}`, {
          type: IPV4.test(host) ? 'ip-dst' : 'domain',
          value: host,
          at: i.openedAt,
          toIds: true,
          comment: 'Injected origin: tampered pages newly loaded scripts, frames or links from it.',
        }),
      );
    }
    for (const sig of i.signatures) {
      if (seen.has(`sig:${sig.toLowerCase()}`)) continue;
      seen.add(`sig:${sig.toLowerCase()}`);
      out.push(
        attribute(ctx, `signature/${sig.toLowerCase()}`, {
          type: 'text',
          category: 'Attribution',
          value: sig,
          at: i.openedAt,
          comment: "Defacer's signature found on tampered pages.",
        }),
      );
    }
  }
  for (const c of input.campaigns)
    out.push(attribute(ctx, `campaign/${c.id}`, { type: 'campaign-name', value: c.title, at: c.updatedAt }));
  return out;
}

function observationObjects(ctx: MispContext, input: MispExportInput): MispObject[] {
  const out: MispObject[] = [];
  const byCheck = new Map<number, ObservationInput>(input.observations.map((o) => [o.checkId, o]));
  for (const obs of input.observations) {
    const url = urlObject(ctx, obs);
    const request = httpRequestObject(ctx, obs);
    reference(ctx, request, url, 'related-to', obs.at, 'the request for this URL');
    out.push(url, request);
    const body = bodyFileObject(ctx, obs);
    if (body) {
      reference(ctx, body, url, 'retrieved-from', obs.at);
      out.push(body);
    }
  }
  for (const shot of input.screenshots) {
    const obs = byCheck.get(shot.checkId);
    if (!obs) continue;
    const file = screenshotObject(ctx, shot, obs.at);
    const url = out.find((o) => o.uuid === ctx.uuid(`object/check/${obs.checkId}/url`))!;
    reference(ctx, file, url, 'related-to', obs.at, 'screenshot of the page in this check');
    out.push(file);
  }
  return out;
}

function tagsOf(input: MispExportInput, options: MispOptions): MispTag[] {
  const names = [
    `tlp:${options.tlp}`,
    ...new Set(input.incidents.flatMap((i) => (RSIT[i.kind] ? [RSIT[i.kind]!] : []))),
  ];
  return names.map((name) => ({
    name,
    colour: name.startsWith('tlp:') ? TLP_COLOUR[options.tlp] : '#0088cc',
    exportable: true,
  }));
}

function dateOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

export function buildMispEvent(input: MispExportInput, eventKey: string, options: MispOptions): MispEvent {
  const ctx = new MispContext(eventKey);
  const attributes = incidentAttributes(ctx, input);
  const objects = observationObjects(ctx, input);
  const times = [
    ...input.incidents.map((i) => i.lastSeenAt),
    ...input.observations.map((o) => observationRun(o).lastAt),
  ];
  const starts = [...input.incidents.map((i) => i.openedAt), ...input.observations.map((o) => o.at)];
  const count = attributes.length + objects.reduce((n, o) => n + o.Attribute.length, 0);
  return {
    Event: {
      uuid: ctx.uuid('event'),
      info: infoOf(input),
      date: dateOf(starts.length > 0 ? Math.min(...starts) : 0),
      threat_level_id: threatLevel(input.incidents),
      analysis: analysis(input.incidents),
      distribution: String(options.distribution),
      sharing_group_id: '0',
      // An analyst publishes it in MISP after review; Mamori never publishes.
      published: false,
      timestamp: seconds(times.length > 0 ? Math.max(...times) : 0),
      publish_timestamp: '0',
      attribute_count: String(count),
      Orgc: { uuid: uuidOfOrg(options.orgName), name: options.orgName },
      Tag: tagsOf(input, options),
      Attribute: attributes,
      Object: objects,
    },
  };
}

/** The creating organisation's uuid, fixed by its name so every export names the same organisation. */
function uuidOfOrg(name: string): string {
  return new MispContext('organisation').uuid(name);
}
