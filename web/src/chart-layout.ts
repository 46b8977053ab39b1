import type { Check, Verdict } from './api-types.ts';

/** What the chart reads of a check. */
export type ChartCheck = Pick<Check, 'id' | 'startedAt' | 'durationMs' | 'verdict'>;

/** Geometry of the status history chart, oldest check on the left; pure so it can be tested. */
export interface ChartLayout {
  width: number;
  height: number;
  band: number;
  lineBottom: number;
  maxDuration: number;
  cells: { id: number; x: number; width: number; verdict: Verdict; at: number; durationMs: number }[];
  /** SVG polyline points of the response times. */
  points: string;
}

export function chartLayout(
  checks: readonly ChartCheck[],
  size: { width: number; height: number; band: number },
): ChartLayout {
  const ordered = [...checks].sort((a, b) => a.startedAt - b.startedAt || a.id - b.id);
  const n = ordered.length;
  const step = n > 0 ? size.width / n : 0;
  const lineTop = 16;
  const lineBottom = size.height - size.band - 6;
  const maxDuration = Math.max(1, ...ordered.map((c) => c.durationMs));
  const cells = ordered.map((c, i) => ({
    id: c.id,
    x: round(i * step),
    width: round(Math.max(1, step - (step > 4 ? 1 : 0))),
    verdict: c.verdict,
    at: c.startedAt,
    durationMs: c.durationMs,
  }));
  const points = ordered
    .map(
      (c, i) =>
        `${round(i * step + step / 2)},${round(lineBottom - (c.durationMs / maxDuration) * (lineBottom - lineTop))}`,
    )
    .join(' ');
  return { width: size.width, height: size.height, band: size.band, lineBottom, maxDuration, cells, points };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
