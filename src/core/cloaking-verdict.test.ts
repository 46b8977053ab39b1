import { describe, expect, it } from 'vitest';
import { withCloaking } from './cloaking-verdict.ts';
import type { Judgement } from './judge.ts';
import type { Reason, VerdictKind } from './verdict.ts';

function judgement(kind: VerdictKind, reasons: Reason[] = []): Judgement {
  return { verdict: { kind, reasons }, baseline: null, learned: true };
}

const visual: Reason = { code: 'visual-change', message: 'the page looks different', severity: 'medium' };
const crawlerOnly: Reason = { code: 'cloaked-links', message: 'links only crawlers see', severity: 'high' };
const searchOnly: Reason = { code: 'cloaked-text', message: 'text only search visitors see', severity: 'medium' };

describe('withCloaking', () => {
  it('leaves a judgement with no cloaking findings as it was, learning included', () => {
    const j = judgement('changed', [visual]);
    expect(withCloaking(j, [])).toEqual(judgement('changed', [visual]));
  });

  it('makes a benign page suspicious on a finding that is not high, findings first, and learns nothing', () => {
    const out = withCloaking(judgement('changed', [visual]), [searchOnly]);
    expect(out.verdict.kind).toBe('suspicious');
    expect(out.verdict.reasons.map((r) => r.code)).toEqual(['cloaked-text', 'visual-change']);
    expect(out.learned).toBe(false);
  });

  it('makes the page tampered when one finding is high', () => {
    const out = withCloaking(judgement('unchanged'), [searchOnly, crawlerOnly]);
    expect(out.verdict.kind).toBe('tampered');
    expect(out.learned).toBe(false);
  });

  it('never softens a tampered page', () => {
    expect(withCloaking(judgement('tampered', [visual]), [searchOnly]).verdict.kind).toBe('tampered');
  });

  it('does not change the judgement it was given', () => {
    const j = judgement('changed', [visual]);
    withCloaking(j, [crawlerOnly]);
    expect(j).toEqual(judgement('changed', [visual]));
  });
});
