import { describe, expect, it } from 'vitest';
import { chartLayout, type ChartCheck } from './chart-layout.ts';

const check = (id: number, startedAt: number, verdict: ChartCheck['verdict'], durationMs: number): ChartCheck => ({
  id,
  startedAt,
  durationMs,
  verdict,
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
