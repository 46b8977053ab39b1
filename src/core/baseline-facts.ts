import type { Baseline } from './baseline.ts';

/**
 * What judging a body identical to the last one needs of a page's baseline: that it exists (a
 * BaselineFacts at all), its sample count, its soft-404 streak, and whether it is a held first sight.
 * The store keeps them in columns of their own, so an unchanged check never reads the baseline itself.
 */
export interface BaselineFacts {
  samples: number;
  soft404Streak: number;
  held: boolean;
}

export function baselineFacts(baseline: Baseline): BaselineFacts {
  return { samples: baseline.samples, soft404Streak: baseline.soft404Streak ?? 0, held: baseline.held === true };
}
