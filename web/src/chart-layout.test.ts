import { describe, expect, it } from 'vitest';
import { chartLayout } from './chart-layout.ts';
import type { Check } from './types.ts';

const check = (id: number, startedAt: number, verdict: Check['verdict'], durationMs: number): Check => ({
  id,
  pageId: 1,
  startedAt,
  durationMs,
  outcome: 'ok',
  httpStatus: 200,
  verdict,
  reasons: [],
  bodyBytes: 1,
});

describe('chartLayout', () => {
  it('puts the oldest check on the left, one cell each, and scales latency to the slowest', () => {
    const layout = chartLayout(
      [check(3, 300, 'tampered', 50), check(1, 100, 'unchanged', 100), check(2, 200, 'changed', 25)],
      { width: 300, height: 100, band: 20 },
    );
    expect(layout.cells.map((c) => [c.id, c.x, c.verdict])).toEqual([
      [1, 0, 'unchanged'],
      [2, 100, 'changed'],
      [3, 200, 'tampered'],
    ]);
    expect(layout.maxDuration).toBe(100);
    expect(layout.points.split(' ')[0]).toBe(`50,16`);
  });

  it('draws nothing for no checks', () => {
    expect(chartLayout([], { width: 300, height: 100, band: 20 }).cells).toEqual([]);
  });
});
