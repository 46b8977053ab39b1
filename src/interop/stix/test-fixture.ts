/** The export input the STIX tests share: two organisations, a campaign, incidents, observations, a threat and claims. */
import type { ExportInput } from './types.ts';

export const T0 = Date.UTC(2026, 10, 3, 9, 30, 0, 120);

export function fixture(): ExportInput {
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
