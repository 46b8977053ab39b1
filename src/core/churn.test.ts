import { describe, expect, it } from 'vitest';
import { explainChurn } from './churn.ts';
import type { TextBlock } from './page-model.ts';
import type { DiffLine } from './text-diff.ts';

const line = (op: DiffLine['op'], path: string, text: string, hidden: string | null = null): DiffLine => ({
  op,
  path,
  text,
  hidden,
});
const block = (path: string, text: string, shapeHash: string) => ({ path, text, shapeHash }) as unknown as TextBlock;

describe('explainChurn', () => {
  const baseline = { volatilePaths: ['body>p.updated'], blockShapes: ['shape-counter'] };
  const lines = [
    line('removed', 'body>p.updated', 'Updated 2026-12-05'),
    line('added', 'body>p.updated', 'Updated 2026-12-06'),
    line('added', 'body>div.count', 'Visitors: 1235'),
    line('added', 'body>h1', 'Hacked by someone'),
    line('added', 'body>p.updated', 'casino link', 'display:none (style)'),
    line('same', 'body>p.intro', 'Welcome'),
  ];
  const blocks = [
    block('body>div.count', 'Visitors: 1235', 'shape-counter'),
    block('body>h1', 'Hacked by someone', 'h'),
  ];

  it('mutes volatile regions and seen shapes, never the insertion or hidden text', () => {
    expect(explainChurn(lines, blocks, baseline).map((l) => l.expected)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('expects nothing without a baseline', () => {
    expect(explainChurn(lines, blocks, null).every((l) => !l.expected)).toBe(true);
  });
});
