import { describe, expect, it } from 'vitest';
import { ANALYSIS_LIMIT_CODE, analysisLimitAssessment, standingAnalysisLimit } from './analysis-limit.ts';
import type { Observation } from './assess.ts';

const page = (sameBodyAsLast: boolean): Observation => ({
  kind: 'page',
  requestedUrl: 'http://a.test/',
  finalUrl: 'http://a.test/',
  html: '',
  sameBodyAsLast,
});

describe('analysis limits', () => {
  it('makes the page suspicious, names what was exceeded, and leaves the baseline alone', () => {
    const a = analysisLimitAssessment('memory: over 64 MB');
    expect(a.verdict.kind).toBe('suspicious');
    expect(a.verdict.reasons).toEqual([
      {
        code: ANALYSIS_LIMIT_CODE,
        severity: 'medium',
        message: 'The page could not be analysed within limits (memory: over 64 MB).',
      },
    ]);
    expect(a.baseline).toBeUndefined();
  });

  it('repeats the standing verdict for the same body, even with no baseline yet, and only then', () => {
    const previous = analysisLimitAssessment('time: 10 s').verdict;
    expect(standingAnalysisLimit(page(true), { baseline: null, previous })?.verdict).toEqual(previous);
    expect(standingAnalysisLimit(page(false), { baseline: null, previous })).toBeNull();
    expect(
      standingAnalysisLimit(page(true), {
        baseline: null,
        previous: { kind: 'suspicious', reasons: [{ code: 'hidden-external-link', severity: 'high', message: 'x' }] },
      }),
    ).toBeNull();
    expect(standingAnalysisLimit(page(true), { baseline: null, previous: null })).toBeNull();
  });
});
