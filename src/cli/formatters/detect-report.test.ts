import { describe, expect, it } from 'vitest';
import { formatDetectReport } from './detect-report.ts';
import { tally, type CaseResult } from '../../evaluation/tally.ts';

const missed: CaseResult = {
  id: 'x-1',
  label: 'tampered',
  kind: 'hidden-links',
  verdict: 'changed',
  ms: 5,
  reasons: [
    { code: 'new-external-link', severity: 'low', message: 'A link to a new host.', evidence: { selector: 'body>p' } },
  ],
};

describe('formatDetectReport', () => {
  const report = tally(
    [
      missed,
      { ...missed, id: 'x-2', verdict: 'tampered' },
      { id: 'b-1', label: 'benign', kind: 'benign-noise', verdict: 'changed', reasons: [], ms: 5 },
    ],
    { pipeline: { ms: 16, bytes: 200_000 }, stages: { analyseMs: 7, judgeMs: 2.5, bytes: 200_000 } },
  );
  const text = formatDetectReport(report, [missed], []);

  it('prints the speed of analysis and of judgement apart, with their total and the in-run figure', () => {
    expect(text).toContain(
      'per 100 KB of changed HTML (CPU, fastest warm pass): 3.5 ms to analyse, 1.25 ms to judge and learn, 4.75 ms in all',
    );
    expect(text).toContain('timed by wall clock inside the run, first calls and machine load included: 8 ms');
  });

  it('prints the per-kind table, the totals and each miss with its reasons', () => {
    expect(text).toMatch(/hidden-links\s+2\s+1\s+50\.0%/);
    expect(text).toContain('tampered: 1/2 detected (50.0%), 0 more suspicious');
    expect(text).toContain('benign:   0/1 alerted (0.0%), 0 suspicious (0.0%)');
    expect(text).toContain('x-1 hidden-links → changed: new-external-link: A link to a new host. [body>p]');
  });
});
