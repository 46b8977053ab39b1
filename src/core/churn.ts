/**
 * Diffs that explain: which changed lines of a text diff are churn the page's baseline expects
 * (regions learnt as volatile, such as dates and counters, or a block whose digit-folded shape was
 * already seen), so the console shows them muted and the real insertion stands out. Pure. Hidden
 * inserted text is never called expected: it is what a defacer hides.
 */
import type { Baseline } from './baseline.ts';
import type { TextBlock } from './page-model.ts';
import type { DiffLine } from './text-diff.ts';

export type ExplainedLine = DiffLine & { expected: boolean };

export function explainChurn(
  lines: readonly DiffLine[],
  blocks: readonly TextBlock[],
  baseline: Pick<Baseline, 'volatilePaths' | 'blockShapes'> | null,
): ExplainedLine[] {
  const volatile = new Set(baseline?.volatilePaths ?? []);
  const shapes = new Set(baseline?.blockShapes ?? []);
  const shapeOf = new Map(blocks.map((b) => [`${b.path}\u0000${b.text}`, b.shapeHash]));
  return lines.map((l) => {
    if (l.op === 'same' || l.hidden !== null || baseline === null) return { ...l, expected: false };
    const shape = shapeOf.get(`${l.path}\u0000${l.text}`);
    const seenShape = l.op === 'added' && shape !== undefined && shapes.has(shape);
    return { ...l, expected: volatile.has(l.path) || seenShape };
  });
}
