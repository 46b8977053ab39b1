import { describe, expect, it } from 'vitest';
import { confirmAlarm, vantageCloaking, type VantageReport } from './vantage.ts';

const r = (vantage: string, verdict: VantageReport['verdict'], body: string | null = 'a'): VantageReport => ({
  vantage,
  verdict,
  bodySha256: verdict === 'down' ? null : body,
});

describe('confirming an alarm from another vantage', () => {
  it('leaves verdicts that do not page alone', () => {
    expect(confirmAlarm(r('tokyo', 'changed'), [], ['tokyo', 'osaka'], 'any').decision).toBe('not-alarm');
  });

  it('stands alone when only one vantage is configured', () => {
    expect(confirmAlarm(r('tokyo', 'down'), [], ['tokyo'], 'majority')).toEqual({
      decision: 'confirmed',
      agreeing: ['tokyo'],
    });
  });

  it('any: waits for another vantage, then confirms or refutes', () => {
    const v = ['tokyo', 'osaka', 'sapporo'];
    expect(confirmAlarm(r('tokyo', 'down'), [], v, 'any')).toEqual({
      decision: 'awaiting',
      agreeing: ['tokyo'],
      missing: ['osaka', 'sapporo'],
    });
    expect(confirmAlarm(r('tokyo', 'down'), [r('osaka', 'unchanged'), r('sapporo', 'down')], v, 'any').decision).toBe(
      'confirmed',
    );
    expect(confirmAlarm(r('tokyo', 'down'), [r('osaka', 'unchanged'), r('sapporo', 'changed')], v, 'any')).toEqual({
      decision: 'refuted',
      agreeing: ['tokyo'],
      disagreeing: ['osaka', 'sapporo'],
    });
  });

  it('majority: needs more than half of all vantages, and says early when it cannot be reached', () => {
    const v = ['a', 'b', 'c', 'd'];
    expect(confirmAlarm(r('a', 'tampered'), [r('b', 'tampered')], v, 'majority').decision).toBe('awaiting');
    expect(confirmAlarm(r('a', 'tampered'), [r('b', 'tampered'), r('c', 'tampered')], v, 'majority').decision).toBe(
      'confirmed',
    );
    expect(confirmAlarm(r('a', 'tampered'), [r('b', 'unchanged'), r('c', 'unchanged')], v, 'majority').decision).toBe(
      'refuted',
    );
  });

  it('counts only a different verdict kind as disagreement, and ignores unknown vantages', () => {
    expect(confirmAlarm(r('a', 'down'), [r('b', 'tampered'), r('x', 'down')], ['a', 'b'], 'any').decision).toBe(
      'refuted',
    );
  });
});

describe('vantages that disagree on content', () => {
  it('is a cloaking reason when one sees the page tampered and another unchanged', () => {
    const reason = vantageCloaking([r('tokyo', 'unchanged', 'a'), r('abroad', 'tampered', 'b'), r('osaka', 'down')]);
    expect(reason?.code).toBe('vantage-cloaking');
    expect(reason?.severity).toBe('high');
    expect(reason?.message).toContain('tampered: abroad');
    expect(reason?.message).not.toContain('osaka');
  });

  it('is not cloaking when they agree, or when one only failed to connect', () => {
    expect(vantageCloaking([r('a', 'changed', 'x'), r('b', 'changed', 'y')])).toBeNull();
    expect(vantageCloaking([r('a', 'tampered'), r('b', 'down')])).toBeNull();
    expect(vantageCloaking([r('a', 'suspicious'), r('b', 'unchanged')])?.severity).toBe('medium');
  });
});
