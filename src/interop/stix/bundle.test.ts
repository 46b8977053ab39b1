import { describe, expect, it } from 'vitest';
import { buildBundle } from './bundle.ts';
import { scoId, stixId, uuidV5 } from './ids.ts';
import { checkBundle, checkObject } from './spec-check.ts';
import type { ExportInput, StixObject } from './types.ts';

const T0 = Date.UTC(2026, 10, 3, 9, 30, 0, 120);

function fixture(): ExportInput {
  return {
    organisations: [
      { id: 1, slug: 'soumu', name: '総務省', aliases: ['MIC'], createdAt: T0 - 86_400_000 },
      { id: 2, slug: 'riaj', name: 'Recording Industry Association', aliases: [], createdAt: T0 - 86_400_000 },
    ],
    campaigns: [{ id: 7, title: 'hacked by ghost team', keys: ['signature:hacked by ghost team'], createdAt: T0 + 1000, updatedAt: T0 + 5000 }],
    incidents: [
      {
        id: 11, scope: 'page', organisationId: 1, campaignId: 7, kind: 'tampered', severity: 'high', state: 'open',
        title: 'Page defaced', summary: 'defacer-headline', openedAt: T0, lastSeenAt: T0 + 4000,
        signatures: ['hacked by ghost team'], hosts: ['casino-bonus.example.org', '203.0.113.9'], reasonCodes: ['defacer-headline'],
        url: 'http://www.soumu.example.jp/news/',
      },
      {
        id: 12, scope: 'page', organisationId: 2, campaignId: 7, kind: 'tampered', severity: 'high', state: 'open',
        title: 'Hidden link', summary: 'hidden-external-link', openedAt: T0 + 500, lastSeenAt: T0 + 500,
        signatures: [], hosts: ['casino-bonus.example.org'], reasonCodes: ['hidden-external-link'], url: 'http://127.0.0.1:8080/news/',
      },
    ],
    observations: [
      { checkId: 101, url: 'http://www.soumu.example.jp/news/', at: T0, verdict: 'tampered', outcome: 'ok', httpStatus: 200, remoteAddress: '198.51.100.4', reasons: [{ code: 'defacer-headline', message: 'Hacked by' }], incidentIds: [11] },
      { checkId: 102, url: 'http://127.0.0.1:8080/news/', at: T0 + 500, verdict: 'tampered', outcome: 'ok', httpStatus: 200, remoteAddress: '127.0.0.1', reasons: [], incidentIds: [12] },
      { checkId: 103, url: 'http://127.0.0.1:8080/', at: T0 + 9000, verdict: 'unchanged', outcome: 'ok', httpStatus: 200, remoteAddress: null, reasons: [], incidentIds: [] },
    ],
    threats: [{
      id: 'thr-1', title: '#OpJapan names 総務省 and RIAJ', summary: 'announcement', source: 'feed:example', sourceUrl: 'https://feed.example/1',
      publishedAt: T0 - 3_600_000, createdAt: T0 - 3_000_000, updatedAt: T0 - 3_000_000, organisationIds: [1, 2], keywords: ['opjapan'],
    }],
    claims: [
      { id: 'c-1', text: '総務省 hacked', source: 'x.example', targetUrl: 'http://www.soumu.example.jp/news/', status: 'confirmed', createdAt: T0 + 100, checkedAt: T0 + 200, checkIds: [101], incidentId: 11, organisationId: 1, threatId: 'thr-1' },
      { id: 'c-2', text: 'RIAJ home down', source: 'x.example', targetUrl: 'http://127.0.0.1:8080/', status: 'refuted', createdAt: T0 + 8000, checkedAt: T0 + 9000, checkIds: [103], incidentId: null, organisationId: 2, threatId: null },
    ],
  };
}

const byType = (objects: StixObject[], type: string): StixObject[] => objects.filter((o) => o.type === type);

describe('STIX ids', () => {
  it('computes RFC 9562 UUIDv5 (the DNS-namespace example)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
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
    expect(JSON.stringify(buildBundle(fixture(), 'campaign:7'))).toBe(JSON.stringify(buildBundle(fixture(), 'campaign:7')));
    expect(buildBundle(fixture(), 'campaign:7').id).not.toBe(buildBundle(fixture(), 'incident:11').id);
  });

  it('maps incidents, campaigns, organisations, threats and claims to their STIX types', () => {
    const { objects } = buildBundle(fixture(), 'campaign:7');
    expect(byType(objects, 'incident').map((o) => o.id)).toEqual([stixId('incident', 'incident:11'), stixId('incident', 'incident:12')]);
    expect(byType(objects, 'campaign')).toHaveLength(1);
    expect(byType(objects, 'identity').map((o) => o.name)).toEqual(['Mamori', '総務省', 'Recording Industry Association']);
    const report = byType(objects, 'report')[0]!;
    expect(report.object_refs).toEqual([stixId('identity', 'organisation:1'), stixId('identity', 'organisation:2')]);
    expect(byType(objects, 'note').map((o) => o.labels)).toEqual([['claim-status:confirmed'], ['claim-status:refuted']]);
  });

  it('keeps claims and observations apart, linked by relationships that carry the verification', () => {
    const { objects } = buildBundle(fixture(), 'campaign:7');
    const rels = byType(objects, 'relationship');
    const refuted = rels.find((r) => r.source_ref === stixId('note', 'claim:c-2'));
    expect(refuted).toMatchObject({ relationship_type: 'related-to', target_ref: stixId('observed-data', 'check:103'), description: 'claim refuted by this check' });
    const confirmed = rels.filter((r) => r.source_ref === stixId('note', 'claim:c-1')).map((r) => r.target_ref);
    expect(confirmed).toEqual([stixId('observed-data', 'check:101'), stixId('incident', 'incident:11'), stixId('report', 'threat:thr-1')]);
  });

  it('turns a check into observed-data over url, domain-name and ipv4-addr objects', () => {
    const { objects } = buildBundle(fixture(), 'campaign:7');
    const obs = objects.find((o) => o.id === stixId('observed-data', 'check:101'))!;
    const refs = obs.object_refs as string[];
    const scos = refs.map((r) => objects.find((o) => o.id === r)!);
    expect(scos.map((s) => [s.type, s.value])).toEqual([
      ['url', 'http://www.soumu.example.jp/news/'], ['domain-name', 'www.soumu.example.jp'], ['ipv4-addr', '198.51.100.4'],
    ]);
    expect(scos[1]!.resolves_to_refs).toEqual([scos[2]!.id]);
    // A loopback URL is an address, not a domain name.
    const loop = objects.find((o) => o.id === stixId('observed-data', 'check:102'))!;
    expect((loop.object_refs as string[]).map((r) => objects.find((o) => o.id === r)!.type)).toEqual(['url', 'ipv4-addr']);
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
    const sig = byType(buildBundle(input, 'x').objects, 'indicator').find((o) => String(o.pattern).startsWith('[artifact'))!;
    expect(sig.pattern).toBe("[artifact:mime_type = 'text/html' AND artifact:payload_bin MATCHES '(?i)owned by l33t\\'s \\\\(crew\\\\)']");
  });

  it('the checker catches what breaks the rules (so the first test can fail)', () => {
    const { objects } = buildBundle(fixture(), 'campaign:7');
    const incident = { ...objects.find((o) => o.type === 'incident')!, name: '', created: '2026-11-03T09:30:00Z' };
    expect(checkObject(incident)).toEqual([
      `${incident.id}: name is required`,
      `${incident.id}: created must be a UTC timestamp with milliseconds`,
    ]);
    expect(checkBundle(objects.filter((o) => o.type !== 'campaign')).some((p) => p.includes('not in the bundle'))).toBe(true);
  });
});
