import { describe, expect, it } from 'vitest';
import { observationRun, runSuffix } from './observation-run.ts';

const AT = Date.UTC(2026, 11, 7, 10, 0, 0);

describe('observationRun', () => {
  it('describes a single check as a run of one at its own time', () => {
    expect(observationRun({ at: AT })).toEqual({ firstAt: AT, lastAt: AT, count: 1 });
    expect(observationRun({ at: AT, seenCount: 1, lastSeenAt: null })).toEqual({ firstAt: AT, lastAt: AT, count: 1 });
    expect(runSuffix({ at: AT, seenCount: 1, lastSeenAt: AT })).toBe('');
  });

  it('spans a run of identical checks from its first to its last', () => {
    const run = { at: AT, seenCount: 12, lastSeenAt: AT + 59 * 60_000 };
    expect(observationRun(run)).toEqual({ firstAt: AT, lastAt: AT + 59 * 60_000, count: 12 });
    expect(runSuffix(run)).toBe(' (seen 12 times, until 2026-12-07T10:59:00.000Z)');
  });

  it('never reports a run ending before it began or counting fewer than one check', () => {
    expect(observationRun({ at: AT, seenCount: 0, lastSeenAt: AT - 1000 })).toEqual({
      firstAt: AT,
      lastAt: AT,
      count: 1,
    });
  });
});
