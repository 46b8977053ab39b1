/**
 * The cloaking rule: how the cloaking check's findings (a page that shows crawlers or search visitors
 * something other than what a browser sees) change a rendered judgement. Pure, so the rule is read and
 * tested here, apart from the browser and the fetches that produce the findings.
 */
import type { Judgement } from './judge.ts';
import type { Reason } from './verdict.ts';

/**
 * The judgement once cloaking findings are folded in: none leaves it as it was; any makes the page at
 * least suspicious, and tampered when one of them is high or the page already was. The findings come
 * first among the reasons, and a cloaked page teaches the baseline nothing.
 */
export function withCloaking(judgement: Judgement, cloaked: readonly Reason[]): Judgement {
  if (cloaked.length === 0) return judgement;
  const high = cloaked.some((r) => r.severity === 'high');
  return {
    ...judgement,
    verdict: {
      kind: high || judgement.verdict.kind === 'tampered' ? 'tampered' : 'suspicious',
      reasons: [...cloaked, ...judgement.verdict.reasons],
    },
    learned: false,
  };
}
