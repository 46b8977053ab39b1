import { describe, expect, it } from 'vitest';
import type { IncidentSnapshot } from '../incidents/types.ts';
import { finding, watchSignal } from './findings.ts';
import { NO_MEMORY, planWatchIncident, type WatchLook } from './incident.ts';

const hijack = watchSignal([finding('dns-ns-changed', 'high', 'tampered', 'The name servers moved.')])!;
const look: WatchLook = { watch: 'dns', organisationId: 1, siteId: 2, siteName: 'Ministry', at: 1000, signal: hijack };
const options = { restoreAfterChecks: 2 };
const open: IncidentSnapshot = {
  id: 9,
  scope: 'site',
  state: 'open',
  kind: 'tampered',
  severity: 'critical',
  fingerprint: 'dns:tampered:dns-ns-changed',
  healthyStreak: 0,
  openedAt: 1000,
  lastSeenAt: 1000,
  signatures: [],
  hosts: [],
  reasonCodes: ['dns-ns-changed'],
};

describe('planWatchIncident', () => {
  it('opens a critical site incident for a tampering finding, notifying', () => {
    const plan = planWatchIncident(look, { site: null, activePages: 0, memory: NO_MEMORY }, options);
    expect(plan.change?.op).toBe('open');
    if (plan.change?.op !== 'open') return;
    expect(plan.change.incident).toMatchObject({
      scope: 'site',
      pageId: null,
      kind: 'tampered',
      severity: 'critical',
      checkId: null,
    });
    expect(plan.change.events.map((e) => [e.type, e.notify])).toEqual([['opened', true]]);
  });

  it('is quiet when the same finding is seen again, and joins another open incident of the site', () => {
    const memory = { incidentId: 9, fingerprint: 'dns:tampered:dns-ns-changed', healthyStreak: 0 };
    const again = planWatchIncident(look, { site: open, activePages: 0, memory }, options);
    expect(again.change).toEqual({ op: 'update', id: 9, patch: { lastSeenAt: 1000 }, events: [] });
    const pageIncident = { ...open, kind: 'down' as const, severity: 'high' as const, reasonCodes: ['http-5xx'] };
    const joined = planWatchIncident(look, { site: pageIncident, activePages: 1, memory: NO_MEMORY }, options);
    expect(joined.change?.op === 'update' && joined.change.patch).toMatchObject({
      kind: 'tampered',
      severity: 'critical',
    });
    expect(joined.change?.events.map((e) => e.type)).toEqual(['escalated']);
  });

  it('restores the incident after healthy looks in a row, unless pages of the site are still affected', () => {
    const memory = { incidentId: 9, fingerprint: 'x', healthyStreak: 0 };
    const healthy = { ...look, signal: null };
    const first = planWatchIncident(healthy, { site: open, activePages: 0, memory }, options);
    expect(first.change?.events.map((e) => e.type)).toEqual(['recovering']);
    const second = planWatchIncident(healthy, { site: open, activePages: 0, memory: first.memory }, options);
    expect(second.change?.op === 'update' && second.change.patch.state).toBe('resolved');
    expect(second.memory).toEqual(NO_MEMORY);
    const withPages = planWatchIncident(healthy, { site: open, activePages: 2, memory: first.memory }, options);
    expect(withPages.change?.op === 'update' && withPages.change.patch).toEqual({});
  });

  it('forgets an incident that was closed meanwhile, and says nothing without findings', () => {
    const memory = { incidentId: 9, fingerprint: 'x', healthyStreak: 1 };
    expect(planWatchIncident({ ...look, signal: null }, { site: null, activePages: 0, memory }, options)).toEqual({
      change: null,
      memory: NO_MEMORY,
    });
    expect(watchSignal([finding('dns-lookup-failed', 'info', null, 'x')])).toBeNull();
  });
});
