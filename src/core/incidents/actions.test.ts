import { describe, expect, it } from 'vitest';
import { applyAction, type ActionSubject } from './actions.ts';

const T = 1_760_000_000_000;
const page: ActionSubject = { id: 4, state: 'open', kind: 'tampered', severity: 'critical', pageId: 9, relearn: null };
const req = (action: Parameters<typeof applyAction>[1]['action'], note: string | null = null) => ({
  action,
  at: T,
  actor: 'aoki',
  note,
});

describe('applyAction', () => {
  it('acknowledges only an open incident', () => {
    const ok = applyAction(page, req('acknowledge'));
    expect(ok).toMatchObject({ ok: true, patch: { state: 'acknowledged', acknowledgedAt: T }, closes: null });
    expect(ok.ok && ok.event).toMatchObject({
      type: 'acknowledged',
      actor: 'aoki',
      notify: false,
      message: 'Acknowledged by aoki.',
    });
    const refused = applyAction({ ...page, state: 'resolved' }, req('acknowledge'));
    expect(refused).toEqual({
      ok: false,
      message: 'Incident 4 is resolved and cannot be acknowledged: only an open incident can be acknowledged.',
    });
  });

  it('resolves an open or acknowledged incident, with the note in the timeline', () => {
    const ok = applyAction({ ...page, state: 'acknowledged' }, req('resolve', 'restored from backup'));
    expect(ok).toMatchObject({ ok: true, patch: { state: 'resolved', resolution: 'resolved' }, closes: 'resolved' });
    expect(ok.ok && ok.event.message).toBe('Resolved by aoki. Note: restored from backup');
    expect(applyAction({ ...page, state: 'false_positive' }, req('resolve')).ok).toBe(false);
  });

  it('marks a content false positive with a pending relearn, never an immediate one', () => {
    const ok = applyAction(page, req('false_positive'));
    expect(ok).toMatchObject({
      ok: true,
      patch: { state: 'false_positive', relearn: 'pending', suppressing: true },
      closes: 'false_positive',
      resetsBaseline: false,
    });
    expect(ok.ok && ok.event.message).toContain('only once an analyst approves');
  });

  it('has nothing to relearn for an outage or a site incident', () => {
    expect(applyAction({ ...page, kind: 'down' }, req('false_positive'))).toMatchObject({
      ok: true,
      patch: { relearn: null },
    });
    const site = applyAction({ ...page, pageId: null }, req('false_positive'));
    expect(site).toMatchObject({ ok: true, patch: { relearn: null, suppressing: false } });
    // A person closing a site incident tells its channels; a page event never does.
    expect(site.ok && site.event.notify).toBe(true);
  });

  it('does not close an incident twice', () => {
    expect(applyAction({ ...page, state: 'resolved' }, req('false_positive'))).toMatchObject({
      ok: true,
      closes: null,
    });
    expect(applyAction({ ...page, state: 'false_positive' }, req('false_positive')).ok).toBe(false);
  });

  it('resets the baseline only on approval of a pending relearn', () => {
    const approved = applyAction({ ...page, state: 'false_positive', relearn: 'pending' }, req('approve_relearn'));
    expect(approved).toMatchObject({
      ok: true,
      patch: { relearn: 'approved', suppressing: false },
      resetsBaseline: true,
    });
    const none = applyAction(page, req('approve_relearn'));
    expect(none.ok === false && none.message).toContain('no relearn is pending');
    const twice = applyAction({ ...page, state: 'false_positive', relearn: 'approved' }, req('approve_relearn'));
    expect(twice.ok === false && twice.message).toContain('already approved');
  });
});
