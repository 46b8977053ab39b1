import type { Baseline } from '../baseline.ts';

import type { PageModel } from '../page-model.ts';

/** The baseline's lists that detectors look values up in. */
export type BaselineList = 'regions' | 'inlineScriptShapes' | 'activeItems';

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

/** Which of a page's block hashes and shapes its baseline holds. */
export interface KnownBlocks {
  hashes: ReadonlySet<string>;
  shapes: ReadonlySet<string>;
}

interface KnownEntry extends KnownBlocks {
  blocks: PageModel['textBlocks'];
  blockCount: number;
  lists: readonly (readonly string[])[];
  lengths: readonly number[];
}

const knownCache = new WeakMap<Baseline, KnownEntry>();

/**
 * The page's block hashes and shapes that are in the baseline's lists, for asking of the page's own
 * blocks only (`hashes.has(block.hash)` is then whether the baseline holds the block's hash). Found
 * by looking the baseline's lists (up to 4,000 each, a page watched for months holds that many) up
 * in the page's few hundred values, not by putting the lists into sets: at the bounds the sets were
 * a quarter of a judgement. A list no longer than the page's blocks is put into a set as it is.
 * Cached per baseline object while the page's blocks and the lists are the same ones at the same
 * lengths (the answer depends on nothing else).
 */
export function knownBlocks(baseline: Baseline, model: PageModel): KnownBlocks {
  const lists = [baseline.blockHashes, baseline.blockShapes] as const;
  const known = knownCache.get(baseline);
  if (
    known &&
    known.blocks === model.textBlocks &&
    known.blockCount === model.textBlocks.length &&
    known.lists.every((l, i) => l === lists[i] && l.length === (known.lengths[i] as number))
  )
    return known;
  const blocks = model.textBlocks;
  const entry = {
    blocks,
    blockCount: blocks.length,
    lists,
    lengths: lists.map((l) => l.length),
    hashes: knownOf(baseline.blockHashes, blocks, 'hash'),
    shapes: knownOf(baseline.blockShapes, blocks, 'shapeHash'),
  };
  knownCache.set(baseline, entry);
  return entry;
}

/**
 * A set that holds a block's value exactly when `list` does, for asking of `blocks` only: the list's
 * values that are the blocks', or, when the list is no longer than the blocks (a baseline of a few
 * samples), the whole list, whose set is then the cheaper one to build.
 */
function knownOf(list: readonly string[], blocks: PageModel['textBlocks'], key: 'hash' | 'shapeHash'): Set<string> {
  if (list.length <= blocks.length) return new Set(list);
  const wanted = new Set<string>();
  for (const b of blocks) wanted.add(b[key]);
  return presentIn(list, wanted);
}

/** The values of `list` that are in `wanted`. */
function presentIn(list: readonly string[], wanted: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const v of list) if (wanted.has(v)) out.add(v);
  return out;
}

const structures = new WeakMap<readonly string[], { length: number; set: ReadonlySet<string> }>();

/**
 * The page's skeleton (`model.structure`) as a set: page-replaced and learning both ask whether the
 * baseline's skeleton paths are in it, and it holds a path per element kind and place (thousands on
 * a large page). Keyed weakly by the array; an array that changed length since is not answered from
 * the cache (the model is built once and not changed after, but a test may build one by hand).
 */
export function structureSet(model: PageModel): ReadonlySet<string> {
  const known = structures.get(model.structure);
  if (known && known.length === model.structure.length) return known.set;
  const set = new Set(model.structure);
  structures.set(model.structure, { length: model.structure.length, set });
  return set;
}
