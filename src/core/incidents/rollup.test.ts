import { describe, expect, it } from 'vitest';
import type { Reason } from '../verdict.ts';
import { JOIN_NOTIFY_GAP_MS, rollupCheck, siteAfterPageClosed, type CheckInput, type RollupState } from './rollup.ts';
import type { IncidentSnapshot } from './types.ts';

const T0 = 1_760_000_000_000;
const OPTIONS = { restoreAfterChecks: 2 };
const DEFACED: Reason[] = [
  {
    code: 'defacer-headline',
    message: 'The headline reads like a signature.',
    severity: 'high',
    evidence: { snippet: 'Hacked by Ghost' },
  },
];
const HIDDEN: Reason[] = [
  {
    code: 'hidden-external-link',
    message: 'A hidden link.',
    severity: 'high',
    evidence: { url: 'https://casino.example.org/' },
  },
];

function check(verdict: string, reasons: Reason[] = [], overrides: Partial<CheckInput> = {}): CheckInput {
  return {
    checkId: 10,
    pageId: 3,
    pageUrl: 'https://www.city.example.lg.jp/news/',
    siteId: 2,
    siteName: 'City',
    organisationId: 1,
    at: T0,
    verdict,
    outcome: verdict === 'down' ? 'http-5xx' : 'ok',
    reasons,
    ...overrides,
  };
}

function snapshot(overrides: Partial<IncidentSnapshot> = {}): IncidentSnapshot {
  return {
    id: 7,
    scope: 'page',
    state: 'open',
    kind: 'tampered',
    severity: 'critical',
    fingerprint: 'tampered:defacer-headline',
    healthyStreak: 0,
    openedAt: T0 - 60_000,
    lastSeenAt: T0 - 60_000,
    signatures: ['hacked by ghost'],
    hosts: [],
    reasonCodes: ['defacer-headline'],
    ...overrides,
  };
}

const EMPTY: RollupState = { page: null, falsePositive: null, site: null, siteOtherActivePages: 0 };

describe('rollupCheck: opening', () => {
  it('does nothing for a healthy page without incidents', () => {
    expect(rollupCheck(check('unchanged'), EMPTY, OPTIONS)).toEqual({
      page: null,
      site: null,
      endSilence: null,
      campaignCheck: false,
    });
  });

  it('opens a page incident and a notifying site incident for a defacement', () => {
    const plan = rollupCheck(check('tampered', DEFACED), EMPTY, OPTIONS);
    expect(plan.page?.op).toBe('open');
    expect(plan.site?.op).toBe('open');
    if (plan.page?.op !== 'open' || plan.site?.op !== 'open') return;
    expect(plan.page.incident).toMatchObject({
      scope: 'page',
      pageId: 3,
      kind: 'tampered',
      severity: 'critical',
      fingerprint: 'tampered:defacer-headline',
      signatures: ['hacked by ghost'],
    });
    expect(plan.page.events.map((e) => [e.type, e.notify])).toEqual([['opened', false]]);
    expect(plan.site.incident).toMatchObject({
      scope: 'site',
      pageId: null,
      title: 'City: tampered with',
      siteId: 2,
      organisationId: 1,
    });
    expect(plan.site.events.map((e) => [e.type, e.notify])).toEqual([['opened', true]]);
    expect(plan.campaignCheck).toBe(true);
  });

  it('adds a second page to the active site incident without a second notification', () => {
    const site = snapshot({ id: 8, scope: 'site', kind: 'down', severity: 'high' });
    const plan = rollupCheck(
      check('down', [{ code: 'http-5xx', message: 'HTTP 503', severity: 'high' }]),
      { ...EMPTY, site: { ...site, severity: 'critical', kind: 'tampered' } },
      OPTIONS,
    );
    expect(plan.site).toMatchObject({ op: 'update', id: 8 });
    expect(plan.site?.events.map((e) => [e.type, e.notify])).toEqual([['page-joined', false]]);
  });

  it('notifies when another page is defaced on a site whose incident is already critical', () => {
    const site = snapshot({ id: 8, scope: 'site' });
    const plan = rollupCheck(
      check('tampered', HIDDEN, { pageId: 4, pageUrl: 'https://www.city.example.lg.jp/about/' }),
      { ...EMPTY, site },
      OPTIONS,
    );
    expect(plan.site?.events.map((e) => [e.type, e.notify])).toEqual([['page-joined', true]]);
    expect(plan.site?.events[0]!.data).toMatchObject({
      pageUrl: 'https://www.city.example.lg.jp/about/',
      reasons: [{ code: 'hidden-external-link' }],
    });
  });

  it('gathers a burst of defaced pages into one message, and tells of a page that joins later', () => {
    const site = snapshot({ id: 8, scope: 'site' });
    const joinAt = (at: number, notifiedAt: number) =>
      rollupCheck(
        check('tampered', HIDDEN, { pageId: 5, at }),
        { ...EMPTY, site, siteJoinNotifiedAt: notifiedAt },
        OPTIONS,
      ).site?.events.map((e) => [e.type, e.notify]);
    expect(joinAt(T0 + 60_000, T0)).toEqual([['page-joined', false]]);
    expect(joinAt(T0 + JOIN_NOTIFY_GAP_MS, T0)).toEqual([['page-joined', true]]);
  });

  it('escalates the site incident, and notifies, when a worse page problem joins', () => {
    const site = snapshot({
      id: 8,
      scope: 'site',
      kind: 'down',
      severity: 'high',
      state: 'acknowledged',
      signatures: [],
    });
    const plan = rollupCheck(check('tampered', DEFACED), { ...EMPTY, site }, OPTIONS);
    expect(plan.site?.events.map((e) => [e.type, e.notify])).toEqual([
      ['page-joined', false],
      ['escalated', true],
    ]);
    expect(plan.site?.op === 'update' && plan.site.patch).toMatchObject({
      severity: 'critical',
      kind: 'tampered',
      state: 'open',
      signatures: ['hacked by ghost'],
    });
  });

  it('stays silent for the very finding an analyst called a false positive, not for a new one', () => {
    const state = { ...EMPTY, falsePositive: { id: 5, fingerprint: 'tampered:defacer-headline' } };
    expect(rollupCheck(check('tampered', DEFACED), state, OPTIONS).page).toBeNull();
    expect(rollupCheck(check('tampered', HIDDEN), state, OPTIONS).page?.op).toBe('open');
  });
});

describe('rollupCheck: an active page incident', () => {
  it('only refreshes the last-seen time for the same finding', () => {
    const plan = rollupCheck(
      check('tampered', DEFACED, { checkId: 11, at: T0 + 5 }),
      { ...EMPTY, page: snapshot() },
      OPTIONS,
    );
    expect(plan.page).toEqual({
      op: 'update',
      id: 7,
      patch: { lastSeenAt: T0 + 5, lastCheckId: 11, healthyStreak: 0 },
      events: [],
    });
    expect(plan.campaignCheck).toBe(false);
  });

  it('records a changed finding and gathers its features', () => {
    const plan = rollupCheck(check('tampered', HIDDEN), { ...EMPTY, page: snapshot() }, OPTIONS);
    expect(plan.page?.events.map((e) => e.type)).toEqual(['changed']);
    expect(plan.page?.op === 'update' && plan.page.patch).toMatchObject({
      fingerprint: 'tampered:hidden-external-link',
      hosts: ['casino.example.org'],
      signatures: ['hacked by ghost'],
    });
    expect(plan.campaignCheck).toBe(true);
  });

  it('escalates a suspicious incident to tampered and reopens an acknowledged one', () => {
    const page = snapshot({
      kind: 'suspicious',
      severity: 'medium',
      state: 'acknowledged',
      fingerprint: 'suspicious:posted-block',
    });
    const plan = rollupCheck(check('tampered', DEFACED), { ...EMPTY, page }, OPTIONS);
    expect(plan.page?.events.map((e) => e.type)).toEqual(['escalated']);
    expect(plan.page?.op === 'update' && plan.page.patch).toMatchObject({
      severity: 'critical',
      kind: 'tampered',
      state: 'open',
    });
  });

  it('keeps the peak severity when the page gets less bad', () => {
    const plan = rollupCheck(
      check('suspicious', [{ code: 'posted-block', message: 'a block', severity: 'medium' }]),
      { ...EMPTY, page: snapshot() },
      OPTIONS,
    );
    expect(plan.page?.op === 'update' && plan.page.patch.severity).toBe('critical');
  });

  it('confirms restoration only after enough healthy checks in a row', () => {
    const first = rollupCheck(check('unchanged'), { ...EMPTY, page: snapshot() }, OPTIONS);
    expect(first.page).toMatchObject({ op: 'update', patch: { healthyStreak: 1 } });
    expect(first.page?.events.map((e) => e.type)).toEqual(['recovering']);
    expect(first.site).toBeNull();

    const site = snapshot({ id: 8, scope: 'site' });
    const second = rollupCheck(check('changed'), { ...EMPTY, page: snapshot({ healthyStreak: 1 }), site }, OPTIONS);
    expect(second.page).toMatchObject({
      op: 'update',
      patch: { state: 'resolved', resolution: 'restored', resolvedAt: T0 },
    });
    expect(second.site).toMatchObject({ op: 'update', id: 8, patch: { state: 'resolved', resolution: 'restored' } });
    expect(second.site?.events.map((e) => [e.type, e.notify])).toEqual([['restored', true]]);
  });

  it('calls a problem after a healthy check a relapse', () => {
    const plan = rollupCheck(check('tampered', DEFACED), { ...EMPTY, page: snapshot({ healthyStreak: 1 }) }, OPTIONS);
    expect(plan.page?.events.map((e) => e.type)).toEqual(['relapsed']);
    expect(plan.page?.op === 'update' && plan.page.patch.healthyStreak).toBe(0);
  });

  it('ends a false positive silence when the page is seen healthy', () => {
    expect(
      rollupCheck(check('unchanged'), { ...EMPTY, falsePositive: { id: 5, fingerprint: 'x' } }, OPTIONS).endSilence,
    ).toBe(5);
  });
});

describe('siteAfterPageClosed', () => {
  const at = { at: T0, checkId: null, pageId: 3, pageUrl: 'https://www.city.example.lg.jp/news/' };
  it('keeps the site open while other pages are affected', () => {
    const change = siteAfterPageClosed(
      { site: snapshot({ id: 8, scope: 'site' }), siteOtherActivePages: 2 },
      at,
      'resolved',
    );
    expect(change).toMatchObject({ op: 'update', id: 8, patch: {} });
    expect(change?.events[0]).toMatchObject({ type: 'page-closed', notify: false });
    expect(change?.events[0]?.message).toContain('2 pages of the site still affected');
  });

  it('closes the site the same way as its last page', () => {
    const change = siteAfterPageClosed(
      { site: snapshot({ id: 8, scope: 'site' }), siteOtherActivePages: 0 },
      at,
      'false_positive',
    );
    expect(change).toMatchObject({ patch: { state: 'false_positive', resolution: 'false_positive' } });
    expect(change?.events[0]).toMatchObject({ type: 'false-positive', notify: true });
    expect(siteAfterPageClosed({ site: null, siteOtherActivePages: 0 }, at, 'resolved')).toBeNull();
  });
});
