import { describe, expect, it } from 'vitest';
import type { Incident, IncidentEvent } from '../core/incidents/records.ts';
import { channelsFor, dedupKey, maintenanceAt, retryDelay, route, type RoutingConfig } from './routing.ts';

const config: RoutingConfig = {
  routes: [
    { organisations: [], minSeverity: 'critical', channels: ['soc'] },
    { organisations: ['moj'], minSeverity: 'medium', channels: ['moj-mail', 'soc'] },
  ],
  maintenance: [
    {
      site: 'https://www.moj.example.go.jp/',
      from: '2026-12-02T00:00:00Z',
      to: '2026-12-02T02:00:00Z',
      reason: 'upgrade',
    },
  ],
};

const incident = {
  id: 5,
  organisationId: 1,
  siteId: 2,
  severity: 'high',
  kind: 'down',
  scope: 'site',
  state: 'open',
  title: 't',
  summary: 's',
  campaignId: null,
} as Incident;
const event = {
  id: 9,
  type: 'opened',
  at: Date.parse('2026-12-02T03:00:00Z'),
  message: 'm',
  data: { kind: 'down', severity: 'high' },
} as unknown as IncidentEvent;
const context = {
  organisation: { id: 1, slug: 'moj', name: '法務省' },
  site: { id: 2, name: 'MOJ', origin: 'https://www.moj.example.go.jp' },
  pageUrl: null,
};

describe('routing', () => {
  it('sends by organisation and severity, each channel once', () => {
    expect(channelsFor(config, 'moj', 'critical')).toEqual(['soc', 'moj-mail']);
    expect(channelsFor(config, 'moj', 'medium')).toEqual(['moj-mail', 'soc']);
    expect(channelsFor(config, 'moj', 'low')).toEqual([]);
    expect(channelsFor(config, 'courts', 'high')).toEqual([]);
    expect(channelsFor(config, 'courts', 'critical')).toEqual(['soc']);
  });

  it('finds the maintenance window of a site, whatever the trailing slash', () => {
    expect(maintenanceAt(config, 'https://www.moj.example.go.jp', Date.parse('2026-12-02T01:00:00Z'))?.reason).toBe(
      'upgrade',
    );
    expect(maintenanceAt(config, 'https://www.moj.example.go.jp', Date.parse('2026-12-02T02:00:00Z'))).toBeNull();
    expect(maintenanceAt(config, 'https://other.example.go.jp', Date.parse('2026-12-02T01:00:00Z'))).toBeNull();
  });

  it('builds entries with one dedup key per incident, event type and severity', () => {
    const entries = route(config, event, incident, context);
    expect(entries.map((e) => [e.channel, e.state, e.dedupKey])).toEqual([
      ['moj-mail', 'pending', 'incident:5:opened:high'],
      ['soc', 'pending', 'incident:5:opened:high'],
    ]);
    expect(entries[0]!.message).toMatchObject({
      event: 'incident.opened',
      organisation: { slug: 'moj' },
      site: { origin: 'https://www.moj.example.go.jp' },
    });
    expect(dedupKey(incident, { type: 'escalated', data: { severity: 'critical' } } as never)).toBe(
      'incident:5:escalated:critical',
    );
  });

  it('keys each page that joins a site incident apart, so a second defaced page is not taken for the first', () => {
    const joined = (id: number, pageId: number) =>
      dedupKey(incident, { id, type: 'page-joined', pageId, data: { severity: 'critical' } } as never);
    expect(joined(41, 7)).not.toBe(joined(42, 8));
    expect(joined(41, 7)).toBe(joined(41, 7));
  });

  it('links every notification to its incident in the dashboard when the public address is set', () => {
    const linked = route({ ...config, publicUrl: 'https://mamori.example.go.jp/' }, event, incident, context);
    expect(linked.map((e) => e.message.link)).toEqual([
      'https://mamori.example.go.jp/incidents/5',
      'https://mamori.example.go.jp/incidents/5',
    ]);
    expect(route(config, event, incident, context)[0]!.message.link).toBeNull();
  });

  it('records but suppresses what falls in a maintenance window', () => {
    const quiet = route(config, { ...event, at: Date.parse('2026-12-02T01:00:00Z') }, incident, context);
    expect(quiet.map((e) => e.state)).toEqual(['suppressed', 'suppressed']);
  });

  it('backs off exponentially up to the maximum', () => {
    expect(retryDelay(1, 1000, 60_000, 1)).toBe(1000);
    expect(retryDelay(3, 1000, 60_000, 1)).toBe(4000);
    expect(retryDelay(3, 1000, 60_000, 0)).toBe(2000);
    expect(retryDelay(20, 1000, 60_000, 1)).toBe(60_000);
  });
});
