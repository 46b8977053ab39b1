import type { Baseline } from '../baseline.ts';

/** The baseline's lists that detectors look values up in. */
export type BaselineList = 'blockHashes' | 'blockShapes' | 'regions' | 'inlineScriptShapes' | 'activeItems';

interface Entry {
  list: readonly string[];
  length: number;
  set: ReadonlySet<string>;
}

/**
 * Sets of a baseline's lists, per baseline object. One judgement asked for the same sets up to eight
 * times (novelty, page-replaced, script-placement, each inserted-block cluster...), and each built a
 * set of up to 4,000 hashes. Keyed weakly by the baseline object: `judgePage` hands the detectors a
 * baseline it has just normalised (a new object per judgement), so nothing is shared between
 * judgements and nothing outlives the judgement. An entry is used only while the baseline still holds
 * the same list at the same length, so a list replaced or grown is never answered from the cache.
 */
const cache = new WeakMap<Baseline, Map<BaselineList, Entry>>();

/** The values of one of the baseline's lists, as a set (absent optional lists are empty). */
export function baselineSet(baseline: Baseline, name: BaselineList): ReadonlySet<string> {
  const list = baseline[name] ?? EMPTY;
  let entries = cache.get(baseline);
  const known = entries?.get(name);
  if (known && known.list === list && known.length === list.length) return known.set;
  const set = new Set(list);
  if (!entries) {
    entries = new Map();
    cache.set(baseline, entries);
  }
  entries.set(name, { list, length: list.length, set });
  return set;
}

const EMPTY: readonly string[] = [];
