import { describe, expect, it } from 'vitest';
import { buildBundle } from './bundle.ts';
import { scoId, stixId, uuidV5 } from './ids.ts';
import { checkBundle, checkObject } from './spec-check.ts';
import { INCIDENT_CORE_EXTENSION_ID, checkIncidentCore } from './incident-core.ts';
import type { StixObject } from './types.ts';
import { fixture } from './test-fixture.ts';

const byType = (objects: StixObject[], type: string): StixObject[] => objects.filter((o) => o.type === type);

describe('STIX ids', () => {
  it('computes RFC 9562 UUIDv5 (the DNS-namespace example)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('derives SCO ids from the spec namespace and the value', () => {
    expect(scoId('url', { value: 'https://a.example/' })).toBe(scoId('url', { value: 'https://a.example/' }));
    expect(scoId('url', { value: 'https://a.example/' })).not.toBe(scoId('url', { value: 'https://b.example/' }));
  });
});

describe('buildBundle', () => {
  it('produces objects that each follow the STIX 2.1 rules, every reference resolving inside the bundle', () => {
    const bundle = buildBundle(fixture(), 'campaign:7');
    for (const o of bundle.objects) expect(checkObject(o), o.id).toEqual([]);
    expect(checkBundle(bundle.objects)).toEqual([]);
  });

  it('is stable: the same rows export to the same ids and bytes', () => {
    expect(JSON.stringify(buildBundle(fixture(), 'campaign:7'))).toBe(
      JSON.stringify(buildBundle(fixture(), 'campaign:7')),
    );
    expect(buildBundle(fixture(), 'campaign:7').id).not.toBe(buildBundle(fixture(), 'incident:11').id);
  });

  it('maps incidents, campaigns, organisations, threats and claims to their STIX types', () => {
    const { objects } = buildBundle(fixture(), 'campaign:7');
    expect(byType(objects, 'incident').map((o) => o.id)).toEqual([
      stixId('incident', 'incident:11'),
      stixId('incident', 'incident:12'),
    ]);
    expect(byType(objects, 'campaign')).toHaveLength(1);
    expect(byType(objects, 'identity').map((o) => o.name)).toEqual([
      'Mamori',
      '総務省',
      'Recording Industry Association',
    ]);
    const report = byType(objects, 'report')[0]!;
    expect(report.object_refs).toEqual([stixId('identity', 'organisation:1'), stixId('identity', 'organisation:2')]);
    expect(byType(objects, 'note').map((o) => o.labels)).toEqual([
      ['claim-status:confirmed'],
      ['claim-status:refuted'],
    ]);
  });

  it('keeps claims and observations apart, linked by relationships that carry the verification', () => {
    const { objects } = buildBundle(fixture(), 'campaign:7');
    const rels = byType(objects, 'relationship');
    const refuted = rels.find((r) => r.source_ref === stixId('note', 'claim:c-2'));
    expect(refuted).toMatchObject({
      relationship_type: 'related-to',
      target_ref: stixId('observed-data', 'check:103'),
      description: 'claim refuted by this check',
    });
    const confirmed = rels.filter((r) => r.source_ref === stixId('note', 'claim:c-1')).map((r) => r.target_ref);
    expect(confirmed).toEqual([
      stixId('observed-data', 'check:101'),
      stixId('incident', 'incident:11'),
      stixId('report', 'threat:thr-1'),
    ]);
  });

  it('turns a check into observed-data over url, domain-name and ipv4-addr objects', () => {
    const { objects } = buildBundle(fixture(), 'campaign:7');
    const obs = objects.find((o) => o.id === stixId('observed-data', 'check:101'))!;
    const refs = obs.object_refs as string[];
    const scos = refs.map((r) => objects.find((o) => o.id === r)!);
    expect(scos.map((s) => [s.type, s.value])).toEqual([
      ['url', 'http://www.soumu.example.jp/news/'],
      ['domain-name', 'www.soumu.example.jp'],
      ['ipv4-addr', '198.51.100.4'],
    ]);
    expect(scos[1]!.resolves_to_refs).toEqual([scos[2]!.id]);
    // A loopback URL is an address, not a domain name.
    const loop = objects.find((o) => o.id === stixId('observed-data', 'check:102'))!;
    expect((loop.object_refs as string[]).map((r) => objects.find((o) => o.id === r)!.type)).toEqual([
      'url',
      'ipv4-addr',
    ]);
  });

  it('says how often a run of identical checks was seen, and over which span', () => {
    const input = fixture();
    const first = input.observations[0]!;
    const one = buildBundle(input, 'campaign:7').objects.find((o) => o.id === stixId('observed-data', 'check:101'))!;
    expect([one.number_observed, one.first_observed, one.last_observed]).toEqual([
      1,
      one.first_observed,
      one.first_observed,
    ]);
    const later = first.at + 3 * 60_000;
    input.observations[0] = { ...first, seenCount: 4, lastSeenAt: later };
    const { objects } = buildBundle(input, 'campaign:7');
    const run = objects.find((o) => o.id === stixId('observed-data', 'check:101'))!;
    expect(run.number_observed).toBe(4);
    expect(run.first_observed).toBe(one.first_observed);
    expect(run.last_observed).toBe(new Date(later).toISOString());
    expect(run.modified).toBe(new Date(later).toISOString());
    expect(checkBundle(objects)).toEqual([]);
  });

  it('writes indicators with STIX patterns for injected origins and defacer signatures, once per value', () => {
    const { objects } = buildBundle(fixture(), 'campaign:7');
    expect(byType(objects, 'indicator').map((o) => o.pattern)).toEqual([
      "[domain-name:value = 'casino-bonus.example.org']",
      "[ipv4-addr:value = '203.0.113.9']",
      "[artifact:mime_type = 'text/html' AND artifact:payload_bin MATCHES '(?i)hacked by ghost team']",
    ]);
    const indicates = byType(objects, 'relationship').filter((r) => r.relationship_type === 'indicates');
    expect(indicates.every((r) => r.target_ref === stixId('campaign', 'campaign:7'))).toBe(true);
    expect(indicates).toHaveLength(3);
  });

  it('escapes quotes and regex metacharacters in patterns', () => {
    const input = fixture();
    input.incidents[0]!.signatures = ["owned by l33t's (crew)"];
    const sig = byType(buildBundle(input, 'x').objects, 'indicator').find((o) =>
      String(o.pattern).startsWith('[artifact'),
    )!;
    expect(sig.pattern).toBe(
      "[artifact:mime_type = 'text/html' AND artifact:payload_bin MATCHES '(?i)owned by l33t\\'s \\\\(crew\\\\)']",
    );
  });

  it('the checker catches what breaks the rules (so the first test can fail)', () => {
    const { objects } = buildBundle(fixture(), 'campaign:7');
    const incident = { ...objects.find((o) => o.type === 'incident')!, name: '', created: '2026-11-03T09:30:00Z' };
    expect(checkObject(incident)).toEqual([
      `${incident.id}: name is required`,
      `${incident.id}: created must be a UTC timestamp with milliseconds`,
    ]);
    expect(checkBundle(objects.filter((o) => o.type !== 'campaign')).some((p) => p.includes('not in the bundle'))).toBe(
      true,
    );
  });
});

describe('the Incident Core extension', () => {
  const extensionOf = (state: string, resolution: string | null, severity = 'high', kind = 'tampered') => {
    const input = fixture();
    const signatures = kind === 'tampered' ? input.incidents[0]!.signatures : [];
    input.incidents = [{ ...input.incidents[0]!, state, resolution, severity, kind, signatures }];
    const incident = buildBundle(input, 'x').objects.find((o) => o.type === 'incident')!;
    expect(checkIncidentCore(incident)).toEqual([]);
    return (incident.extensions as Record<string, Record<string, unknown>>)[INCIDENT_CORE_EXTENSION_ID]!;
  };

  it('follows the case: new, worked, closed; suspected until an analyst confirms or dismisses it', () => {
    expect(extensionOf('open', null)).toMatchObject({ investigation_status: 'new', determination: 'suspected' });
    expect(extensionOf('acknowledged', null)).toMatchObject({
      investigation_status: 'open',
      determination: 'suspected',
    });
    expect(extensionOf('resolved', 'resolved')).toMatchObject({
      investigation_status: 'closed',
      determination: 'confirmed',
    });
    expect(extensionOf('resolved', 'restored')).toMatchObject({
      investigation_status: 'closed',
      determination: 'suspected',
    });
    expect(extensionOf('false_positive', 'false_positive')).toMatchObject({
      investigation_status: 'closed',
      determination: 'false-positive',
      criticality: 0,
    });
  });

  it('says what kind of incident, how it was found and how critical (Appendix B scale)', () => {
    expect(extensionOf('open', null, 'critical')).toEqual({
      extension_type: 'property-extension',
      determination: 'suspected',
      investigation_status: 'new',
      incident_types: ['modification-information', 'vandalism'],
      detection_methods: ['automated-tool', 'message-from-attacker'],
      criticality: 95,
    });
    expect(extensionOf('open', null, 'low', 'down')).toMatchObject({
      incident_types: ['denial-of-service'],
      detection_methods: ['automated-tool', 'system-outage'],
      criticality: 15,
    });
  });

  it('the checker catches an extension that breaks the specification', () => {
    const { objects } = buildBundle(fixture(), 'x');
    const incident = objects.find((o) => o.type === 'incident')!;
    const ext = (incident.extensions as Record<string, Record<string, unknown>>)[INCIDENT_CORE_EXTENSION_ID]!;
    const broken = {
      ...incident,
      extensions: {
        [INCIDENT_CORE_EXTENSION_ID]: { ...ext, determination: 'hacked', criticality: 101, colour: 'red' },
      },
    };
    expect(checkIncidentCore(broken)).toEqual([
      `${incident.id}: Incident Core determination hacked is not in incident-determination-enum`,
      `${incident.id}: Incident Core has unknown property colour`,
      `${incident.id}: Incident Core criticality must be an integer from 0 to 100`,
    ]);
    expect(checkIncidentCore({ ...incident, extensions: undefined })).toEqual([
      `${incident.id}: no Incident Core extension`,
    ]);
  });
});
