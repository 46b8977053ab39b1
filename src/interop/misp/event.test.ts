import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fixture } from '../stix/test-fixture.ts';
import { buildMispEvent } from './event.ts';
import { checkMispEvent } from './test-misp-check.ts';
import type { MispAttribute, MispExportInput, MispObject, MispOptions } from './types.ts';

const OPTIONS: MispOptions = { orgName: 'CSIRT Example', distribution: 0, tlp: 'amber' };
// A PNG signature and a few bytes: the builder only encodes what it is given.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

function input(): MispExportInput {
  const base = fixture();
  base.observations[0] = {
    ...base.observations[0]!,
    bodySha256: 'a'.repeat(64),
    bodyBytes: 5120,
    contentType: 'text/html; charset=utf-8',
  };
  return {
    ...base,
    screenshots: [
      {
        checkId: 101,
        label: 'desktop',
        sha256: createHash('sha256').update(PNG).digest('hex'),
        mediaType: 'image/png',
        data: PNG,
      },
    ],
  };
}

const attrs = (o: MispObject): Record<string, MispAttribute | undefined> =>
  Object.fromEntries(o.Attribute.map((a) => [a.object_relation ?? '', a] as const));

describe('buildMispEvent', () => {
  it('writes an event with every field the MISP core format requires', () => {
    const event = buildMispEvent(input(), 'campaign:7', OPTIONS);
    expect(checkMispEvent(event)).toEqual([]);
    expect(event.Event).toMatchObject({
      info: 'Mamori campaign: hacked by ghost team',
      date: '2026-11-03',
      threat_level_id: '1',
      analysis: '0',
      distribution: '0',
      published: false,
      publish_timestamp: '0',
      Orgc: { name: 'CSIRT Example' },
    });
    expect(event.Event.Tag.map((t) => t.name)).toEqual([
      'tlp:amber',
      'rsit:information-content-security="unauthorised-information-modification"',
    ]);
  });

  it('makes injected origins actionable indicators and never the estate’s own addresses', () => {
    const { Event } = buildMispEvent(input(), 'campaign:7', OPTIONS);
    const actionable = [...Event.Attribute, ...Event.Object.flatMap((o) => o.Attribute)].filter((a) => a.to_ids);
    expect(actionable.map((a) => [a.type, a.value])).toEqual([
      ['domain', 'casino-bonus.example.org'],
      ['ip-dst', '203.0.113.9'],
    ]);
    expect(Event.Attribute.find((a) => a.type === 'text')).toMatchObject({
      category: 'Attribution',
      value: 'hacked by ghost team',
    });
    expect(Event.Attribute.find((a) => a.type === 'campaign-name')?.value).toBe('hacked by ghost team');
  });

  it('describes each check as url, http-request and file objects linked to each other', () => {
    const { Event } = buildMispEvent(input(), 'campaign:7', OPTIONS);
    const url = Event.Object.find(
      (o) => o.name === 'url' && attrs(o).url?.value === 'http://www.soumu.example.jp/news/',
    )!;
    expect(attrs(url).domain?.value).toBe('www.soumu.example.jp');
    const request = Event.Object.find(
      (o) => o.name === 'http-request' && o.ObjectReference.some((r) => r.referenced_uuid === url.uuid),
    )!;
    expect(attrs(request).ip).toMatchObject({ type: 'ip-dst', value: '198.51.100.4', to_ids: false });
    expect(attrs(request).text?.value).toBe('HTTP 200 (ok)');
    const body = Event.Object.find((o) => o.name === 'file' && attrs(o).sha256?.value === 'a'.repeat(64))!;
    expect(attrs(body)).toMatchObject({
      filename: { value: 'index.html' },
      'size-in-bytes': { value: '5120' },
      mimetype: { type: 'mime-type', value: 'text/html' },
    });
    expect(body.ObjectReference).toEqual([
      expect.objectContaining({ referenced_uuid: url.uuid, relationship_type: 'retrieved-from' }),
    ]);
    // A loopback check has no domain: its host is an address.
    const loop = Event.Object.find((o) => o.name === 'url' && attrs(o).url?.value === 'http://127.0.0.1:8080/news/')!;
    expect(attrs(loop).domain).toBeUndefined();
  });

  it('attaches each screenshot, base64 in data, with its hash', () => {
    const { Event } = buildMispEvent(input(), 'campaign:7', OPTIONS);
    const shot = Event.Object.find((o) => o.name === 'file' && attrs(o).attachment)!;
    const a = attrs(shot);
    expect(Buffer.from(a.attachment!.data!, 'base64')).toEqual(PNG);
    expect(a.attachment!.value).toBe('check-101-desktop.png');
    expect(a.sha256!.value).toBe(createHash('sha256').update(PNG).digest('hex'));
    expect(a.mimetype!.value).toBe('image/png');
  });

  it('is stable, and two exports never share an attribute uuid', () => {
    const a = JSON.stringify(buildMispEvent(input(), 'campaign:7', OPTIONS));
    expect(JSON.stringify(buildMispEvent(input(), 'campaign:7', OPTIONS))).toBe(a);
    const other = buildMispEvent(input(), 'incident:11', OPTIONS);
    const uuids = (e: typeof other) => [e.Event.uuid, ...e.Event.Object.flatMap((o) => o.Attribute.map((x) => x.uuid))];
    const first = new Set(uuids(JSON.parse(a) as typeof other));
    expect(uuids(other).some((u) => first.has(u))).toBe(false);
  });

  it('follows the case: analysis complete and threat undefined once every incident is closed as false positive', () => {
    const closed = input();
    closed.incidents = closed.incidents.map((i) => ({ ...i, state: 'false_positive' }));
    expect(buildMispEvent(closed, 'x', OPTIONS).Event).toMatchObject({ analysis: '2', threat_level_id: '4' });
    const one = input();
    one.incidents = [{ ...one.incidents[0]!, title: 'Line\nbreak', state: 'acknowledged' }];
    one.campaigns = [];
    const event = buildMispEvent(one, 'incident:11', OPTIONS).Event;
    expect(event.info).toBe('Mamori: Line break (http://www.soumu.example.jp/news/)');
    expect(event.analysis).toBe('1');
  });

  it('the checker refuses what the format refuses (so a pass means something)', () => {
    const event = buildMispEvent(input(), 'campaign:7', OPTIONS);
    const broken = structuredClone(event) as unknown as { Event: Record<string, unknown> };
    delete broken.Event.uuid;
    broken.Event.published = 'no';
    broken.Event.timestamp = 1_700_000_000;
    const objects = broken.Event.Object as {
      Attribute: Record<string, unknown>[];
      ObjectReference: { referenced_uuid: string }[];
    }[];
    objects[0]!.Attribute[0]!.category = 'Person';
    const shot = objects.find((o) => o.Attribute.some((a) => a.type === 'attachment'))!;
    delete shot.Attribute.find((a) => a.type === 'attachment')!.data;
    objects[1]!.ObjectReference[0]!.referenced_uuid = '00000000-0000-4000-8000-000000000000';
    expect(checkMispEvent(broken)).toEqual([
      'Event: uuid must be present',
      'Event: published must be a boolean',
      'Event: timestamp must be a string of decimal seconds',
      'Event.Object[0].Attribute[0]: category Person is not valid for type url',
      expect.stringMatching(/^Event\.Object\[\d+\]\.Attribute\[0\]: data must be present$/),
      'Event.Object[1].ObjectReference[0]: referenced_uuid must be an object or attribute of the event',
    ]);
  });

  it('describes a run of identical checks by its span and count, not by its first check alone', () => {
    const one = buildMispEvent(input(), 'campaign:7', OPTIONS).Event;
    const run = input();
    const first = run.observations[0]!;
    const later = first.at + 45 * 60_000;
    run.observations[0] = { ...first, seenCount: 9, lastSeenAt: later };
    const { Event } = buildMispEvent(run, 'campaign:7', OPTIONS);
    expect(checkMispEvent({ Event })).toEqual([]);
    const named = (o: { comment: string }) => o.comment.includes(`check ${first.checkId}`);
    const before = one.Object.filter(named);
    const after = Event.Object.filter(named);
    expect(after.map((o) => o.uuid)).toEqual(before.map((o) => o.uuid)); // the same objects, updated
    expect(after.length).toBeGreaterThan(0);
    for (const o of before) expect(o.last_seen).toBeUndefined();
    for (const o of after) {
      expect(o.first_seen).toBe(new Date(first.at).toISOString());
      expect(o.last_seen).toBe(new Date(later).toISOString());
      expect(o.timestamp).toBe(String(Math.floor(later / 1000)));
      expect(o.comment).toContain(`seen 9 times, until ${new Date(later).toISOString()}`);
    }
    expect(Number(Event.timestamp)).toBeGreaterThanOrEqual(Math.floor(later / 1000));
  });
});
