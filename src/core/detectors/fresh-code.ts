import type { ActiveItem } from '../active-content/inventory.ts';
import type { Baseline } from '../baseline.ts';
import type { PageModel } from '../page-model.ts';
import { baselineSet } from './baseline-sets.ts';

/**
 * Inline scripts and event-handler attributes this page's baseline never held (by code identity,
 * `ActiveItem.key`). Empty for baselines learnt before the inventory existed.
 */
export function freshCode(model: PageModel, baseline: Baseline): ActiveItem[] {
  if (!baseline.activeSamples || !model.activeContent) return [];
  const known = baselineSet(baseline, 'activeItems');
  return model.activeContent.filter(
    (i) => (i.kind === 'script-inline' || i.kind === 'event-handler') && !known.has(i.key),
  );
}
