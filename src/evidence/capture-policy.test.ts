import { describe, expect, it } from 'vitest';
import { captureTrigger, type CaptureFacts } from './capture-policy.ts';

const HOUR = 3_600_000;
const base: CaptureFacts = {
  verdict: 'unchanged',
  previousStatus: 'unchanged',
  observedAt: 10 * HOUR,
  lastCapturedAt: 9 * HOUR,
  sampleIntervalMs: 24 * HOUR,
};

describe('captureTrigger', () => {
  it('skips an unchanged page captured within the sample interval', () => {
    expect(captureTrigger(base)).toBeNull();
  });

  it('keeps a claim’s check as evidence even when nothing changed, named by what it saw otherwise', () => {
    expect(captureTrigger({ ...base, forClaim: true })).toBe('claim');
    expect(captureTrigger({ ...base, forClaim: true, verdict: 'tampered' })).toBe('tampered');
  });

  it('captures the first check of a page, and a page never captured before', () => {
    expect(captureTrigger({ ...base, previousStatus: 'pending' })).toBe('first');
    expect(captureTrigger({ ...base, lastCapturedAt: null })).toBe('first');
  });

  it('captures every verdict other than unchanged, by name', () => {
    expect(captureTrigger({ ...base, verdict: 'changed' })).toBe('changed');
    expect(captureTrigger({ ...base, verdict: 'suspicious' })).toBe('suspicious');
    expect(captureTrigger({ ...base, verdict: 'tampered' })).toBe('tampered');
    expect(captureTrigger({ ...base, verdict: 'down' })).toBe('down');
  });

  it('captures the way back up, even when the page is unchanged against its baseline', () => {
    expect(captureTrigger({ ...base, previousStatus: 'down', verdict: 'unchanged' })).toBe('up');
    expect(captureTrigger({ ...base, previousStatus: 'down', verdict: 'tampered' })).toBe('up');
  });

  it('takes a periodic sample once the interval has passed, unless sampling is off', () => {
    expect(captureTrigger({ ...base, observedAt: 9 * HOUR + 24 * HOUR })).toBe('sample');
    expect(captureTrigger({ ...base, observedAt: 9 * HOUR + 24 * HOUR - 1 })).toBeNull();
    expect(captureTrigger({ ...base, observedAt: 100 * HOUR, sampleIntervalMs: 0 })).toBeNull();
  });
});
