import type { NotificationMessage } from './types.ts';

/** A notification as tests use it; the title carries the kind of hostile text a captured page has. */
export function sampleMessage(overrides: Partial<NotificationMessage> = {}): NotificationMessage {
  return {
    event: 'incident.opened',
    incidentId: 12,
    eventId: 40,
    scope: 'site',
    kind: 'tampered',
    severity: 'critical',
    state: 'open',
    title: '横浜地方法務局: tampered with',
    message: 'The headline now reads “Hacked by Ghost”.\r\nInjected: header',
    summary: 'summary',
    at: Date.UTC(2026, 11, 2, 1, 2, 3),
    organisation: { id: 1, slug: 'moj', name: '法務省' },
    site: { id: 2, name: '横浜地方法務局', origin: 'http://127.0.0.1:8000' },
    pageUrl: 'http://127.0.0.1:8000/procedures/',
    campaignId: null,
    reasons: [{ code: 'defacer-headline', severity: 'high', message: 'The headline reads like a signature.' }],
    ...overrides,
  };
}
