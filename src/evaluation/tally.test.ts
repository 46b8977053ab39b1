import { describe, expect, it } from 'vitest';
import { per100KB, tally, type CaseResult } from './tally.ts';

const result = (id: string, label: CaseResult['label'], kind: string, verdict: CaseResult['verdict']): CaseResult => ({
  id,
  label,
  kind,
  verdict,
  reasons: [],
  ms: 10,
});

describe('tally', () => {
  it('counts detections, alarms and suspicious verdicts per label and kind', () => {
    const report = tally([
      result('a', 'tampered', 'deface-full', 'tampered'),
      result('b', 'tampered', 'deface-full', 'suspicious'),
      result('c', 'benign', 'benign-noise', 'changed'),
      result('d', 'benign', 'benign-noise', 'suspicious'),
      result('e', 'benign', 'benign-update', 'down'),
    ]);
    expect(report).toMatchObject({
      cases: 5,
      tampered: { total: 2, detected: 1, suspicious: 1 },
      benign: { total: 3, alerted: 1, suspicious: 1 },
      byKind: {
        'deface-full': { total: 2, detected: 1, suspicious: 1 },
        'benign-noise': { total: 2, alerted: 0, suspicious: 1 },
        'benign-update': { alerted: 1 },
      },
      msPerCase: 10,
    });
  });

  it('reports analysis and judgement apart, their sum, and the in-run wall figure, per 100 KB', () => {
    const report = tally([], {
      pipeline: { ms: 30, bytes: 300_000 },
      stages: { analyseMs: 12, judgeMs: 3, bytes: 400_000 },
    });
    expect(report).toMatchObject({
      analyseMsPer100KB: 3,
      judgeMsPer100KB: 0.75,
      totalMsPer100KB: 3.75,
      pipelineMsPer100KB: 10,
    });
  });

  it('reports zero, not NaN, when nothing was analysed', () => {
    expect(tally([])).toMatchObject({
      analyseMsPer100KB: 0,
      judgeMsPer100KB: 0,
      totalMsPer100KB: 0,
      pipelineMsPer100KB: 0,
      msPerCase: 0,
    });
    expect(per100KB(5, 0)).toBe(0);
    expect(per100KB(1, 33_333)).toBe(3);
  });
});
