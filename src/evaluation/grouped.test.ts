import { describe, expect, it } from 'vitest';
import type { Reason, Severity } from '../core/verdict.ts';
import { rejudge, runGrouped } from './grouped.ts';
import type { CaseResult } from './tally.ts';
import { VERDICT_WEIGHTS } from '../core/judge.ts';

const reason = (code: string, severity: Severity): Reason => ({ code, severity, message: code });
let n = 0;
function result(
  label: CaseResult['label'],
  kind: string,
  family: string,
  verdict: CaseResult['verdict'],
  ...reasons: Reason[]
): CaseResult {
  n += 1;
  return { id: `case-${n}`, label, kind, family, corpus: 'synthetic', verdict, reasons, ms: 1 };
}

function cases(): CaseResult[] {
  const out: CaseResult[] = [];
  for (let i = 0; i < 15; i++)
    out.push(result('tampered', 'hidden-links', 'spam-kit-a', 'tampered', reason('hidden-link', 'high')));
  for (let i = 0; i < 15; i++)
    out.push(
      result(
        'tampered',
        'hidden-links',
        'spam-kit-b',
        'tampered',
        reason('hidden-link', 'high'),
        reason('new-host', 'low'),
      ),
    );
  for (let i = 0; i < 10; i++)
    out.push(
      result(
        'tampered',
        'skimmer',
        'skimmer-kit',
        'suspicious',
        reason('reads-card-field', 'medium'),
        reason('new-host', 'low'),
      ),
    );
  for (let i = 0; i < 60; i++) out.push(result('benign', 'benign-noise', 'benign:site-a', 'unchanged'));
  for (let i = 0; i < 60; i++)
    out.push(result('benign', 'benign-update', 'benign:site-b', 'changed', reason('new-host', 'low')));
  return out;
}

describe('grouped validation', () => {
  const all = cases();
  const run = runGrouped(all);

  it("holds out each family whole: no case of it is in its fold's training", () => {
    expect(run.folds.map((f) => f.family)).toEqual([
      'benign:site-a',
      'benign:site-b',
      'skimmer-kit',
      'spam-kit-a',
      'spam-kit-b',
    ]);
    for (const fold of run.folds) {
      const held = new Set(fold.heldOut);
      expect(fold.trained.some((id) => held.has(id))).toBe(false);
      expect(fold.heldOut.length + fold.trained.length).toBe(all.length);
      expect(all.filter((c) => c.family === fold.family).map((c) => c.id)).toEqual(fold.heldOut);
    }
  });

  it('judges every case once, by the fold that did not see its family', () => {
    expect(run.results.map((r) => r.id)).toEqual(all.map((r) => r.id));
    // A family never seen still meets a hidden link by its severity.
    expect(run.results.filter((r) => r.family === 'spam-kit-a').every((r) => r.verdict === 'tampered')).toBe(true);
    expect(run.results.filter((r) => r.family === 'benign:site-a').every((r) => r.verdict === 'unchanged')).toBe(true);
  });

  it('re-judges a recorded case as judgePage would: a soft 404 with a defacer message is tampered, a fetch failure stays down', () => {
    const defaced = result(
      'tampered',
      'deface-full',
      'x',
      'down',
      reason('soft-404', 'high'),
      reason('page-replaced', 'high'),
      reason('never-seen-defacer-sign', 'high'),
    );
    expect(rejudge(defaced, VERDICT_WEIGHTS)).toBe('tampered');
    const gone = result(
      'benign',
      'benign-update',
      'y',
      'down',
      reason('soft-404', 'high'),
      reason('page-replaced', 'high'),
    );
    expect(rejudge(gone, VERDICT_WEIGHTS)).toBe('down');
    const failed = result('benign', 'benign-update', 'y', 'down', reason('http-5xx', 'high'));
    expect(rejudge(failed, VERDICT_WEIGHTS)).toBe('down');
  });
});
