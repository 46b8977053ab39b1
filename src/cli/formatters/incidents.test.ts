import { describe, expect, it } from 'vitest';
import type { Incident } from '../../core/incidents/records.ts';
import { ago, formatIncidents } from './incidents.ts';

const T = 1_760_000_000_000;
function incident(o: Partial<Incident>): Incident {
  return {
    id: 1,
    scope: 'site',
    organisationId: 1,
    siteId: 1,
    pageId: null,
    parentId: null,
    campaignId: null,
    threatId: null,
    kind: 'tampered',
    severity: 'critical',
    state: 'open',
    title: 't',
    summary: 'the summary',
    fingerprint: 'f',
    healthyStreak: 0,
    openedAt: T - 120_000,
    lastSeenAt: T,
    firstCheckId: 1,
    lastCheckId: 1,
    acknowledgedAt: null,
    resolvedAt: null,
    resolution: null,
    relearn: null,
    suppressing: false,
    signatures: [],
    hosts: [],
    reasonCodes: [],
    ...o,
  };
}

describe('formatIncidents', () => {
  it('nests page incidents under their site incident', () => {
    const out = formatIncidents(
      [
        {
          incident: incident({
            id: 2,
            scope: 'page',
            pageId: 5,
            parentId: 1,
            relearn: 'pending',
            state: 'false_positive',
          }),
          where: 'https://a.example/news/',
          organisation: '法務省',
        },
        { incident: incident({ id: 1, campaignId: 3 }), where: '法務省 (https://a.example)', organisation: '法務省' },
      ],
      T,
    );
    expect(out.split('\n')).toEqual([
      '#1 CRITICAL open           2m ago  法務省 / 法務省 (https://a.example) [campaign 3]',
      '                                   the summary',
      '    #2 CRITICAL false-pos      2m ago  https://a.example/news/ (relearn awaits approval)',
      '                                       the summary',
      '2 incidents, 1 active',
    ]);
  });

  it('says so when there is nothing', () => {
    expect(formatIncidents([], T)).toBe('No incidents.');
  });

  it('rounds ages down to the largest unit', () => {
    expect([ago(59_000), ago(61_000), ago(7_200_000), ago(3 * 86_400_000), ago(-5)]).toEqual([
      '59s',
      '1m',
      '2h',
      '3d',
      '0s',
    ]);
  });
});
