import type { Baseline } from '../baseline.ts';
import type { PageModel, TextBlock } from '../page-model.ts';

/**
 * What is new on a page compared with its baseline: the raw material of most detectors.
 * A block is new when neither its exact text nor its digit-folded shape was seen before.
 */
export function newBlocks(model: PageModel, baseline: Baseline): TextBlock[] {
  const hashes = new Set(baseline.blockHashes);
  const shapes = new Set(baseline.blockShapes);
  return model.textBlocks.filter((b) => !hashes.has(b.hash) && !shapes.has(b.shapeHash));
}

/** New blocks a visitor can see. Churning regions are not left out here: callers weigh them (`isVolatileRegion`). */
export function newVisibleBlocks(model: PageModel, baseline: Baseline): TextBlock[] {
  return newBlocks(model, baseline).filter((b) => !b.hidden);
}

export function isVolatileRegion(baseline: Baseline, region: string): boolean {
  return baseline.volatilePaths.includes(region);
}

export function unknownHost(host: string | null, known: string[]): boolean {
  return host !== null && !known.includes(host);
}
