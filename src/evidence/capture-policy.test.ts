import { describe, expect, it } from 'vitest';
import { captureTrigger, findingKey, repeatOf, type CaptureFacts, type LastCaptureFacts } from './capture-policy.ts';
import type { Reason } from '../core/verdict.ts';

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

describe('repeatOf', () => {
  const reasons: Reason[] = [
    {
      code: 'defacer-headline',
      severity: 'high',
      message: 'The headline reads “hacked by”.',
      evidence: { selector: 'h1' },
    },
    { code: 'visual-change', severity: 'info', message: '12.5% of the first screen differs' },
  ];
  const last: LastCaptureFacts = {
    bodySha256: 'a'.repeat(64),
    httpStatus: 200,
    finalUrl: 'https://www.city.example.lg.jp/',
    outcome: 'ok',
    verdict: 'tampered',
    findingKey: findingKey(reasons),
    observedAt: 10 * HOUR,
  };
  const now = { ...last, observedAt: 11 * HOUR };

  it('repeats the same bytes, and a failure without a body of the same class', () => {
    expect(repeatOf(last, now, 24 * HOUR)).toBe('same-bytes');
    const refused = { ...last, bodySha256: null, httpStatus: null, outcome: 'connect' };
    expect(repeatOf(refused, { ...refused, observedAt: 11 * HOUR }, 0)).toBe('same-bytes');
    expect(repeatOf(refused, { ...refused, outcome: 'timeout' }, 0)).toBeNull();
    expect(repeatOf(null, now, 24 * HOUR)).toBeNull();
  });

  it('does not repeat the same bytes judged differently: a script-only injection seen by the browser is new evidence', () => {
    expect(repeatOf({ ...last, verdict: 'unchanged', findingKey: findingKey([]) }, now, 24 * HOUR)).toBeNull();
    expect(
      repeatOf(last, { ...now, findingKey: findingKey([{ ...reasons[0]!, code: 'page-replaced' }]) }, 0),
    ).toBeNull();
  });

  it('repeats the same finding on other bytes within the sample interval only, whatever the info reasons say', () => {
    const churned = {
      ...now,
      bodySha256: 'b'.repeat(64),
      findingKey: findingKey([reasons[0]!, { ...reasons[1]!, message: '12.6% of the first screen differs' }]),
    };
    expect(repeatOf(last, churned, 24 * HOUR)).toBe('same-finding');
    expect(repeatOf(last, { ...churned, observedAt: 34 * HOUR }, 24 * HOUR)).toBeNull();
    expect(repeatOf(last, churned, 0)).toBeNull();
    expect(
      repeatOf(last, { ...churned, findingKey: findingKey([{ ...reasons[0]!, code: 'page-replaced' }]) }, 24 * HOUR),
    ).toBeNull();
    expect(repeatOf(last, { ...churned, verdict: 'suspicious' }, 24 * HOUR)).toBeNull();
    expect(repeatOf(last, { ...now, httpStatus: 500 }, 24 * HOUR)).toBeNull();
  });
});
