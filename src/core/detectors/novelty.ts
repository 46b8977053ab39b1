import type { Baseline } from '../baseline.ts';
import type { PageModel, TextBlock } from '../page-model.ts';
import { knownBlocks } from './baseline-sets.ts';

/**
 * What is new on a page compared with its baseline: the raw material of most detectors.
 * A block is new when neither its exact text nor its digit-folded shape was seen before.
 */
export function newBlocks(model: PageModel, baseline: Baseline): TextBlock[] {
  const known = computed.get(model);
  if (known && known.baseline === baseline && known.textBlocks === model.textBlocks) return known.blocks.slice();
  const { hashes, shapes } = knownBlocks(baseline, model);
  const blocks = model.textBlocks.filter((b) => !hashes.has(b.hash) && !shapes.has(b.shapeHash));
  computed.set(model, { baseline, textBlocks: model.textBlocks, blocks });
  return blocks.slice();
}

/**
 * The last answer of `newBlocks` per model. One judgement asks it half a dozen times (detectors, the
 * verdict's notes) with the same model and baseline, and each answer built two sets of up to thousands
 * of hashes. Keyed weakly, by identity of the model, its blocks and the baseline, so a model or baseline
 * that changes is never answered from the cache, and nothing outlives the model.
 */
const computed = new WeakMap<PageModel, { baseline: Baseline; textBlocks: TextBlock[]; blocks: TextBlock[] }>();

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
