import type { Baseline } from './baseline.ts';
import type { PageModel, ScriptProfile } from './page-model.ts';
import { emptyProfile } from './script-profile.ts';
import { foldUrl } from './url.ts';
import { hashText } from './text.ts';
import { scriptSignature } from './script-features.ts';
import { activeHostsOf } from './active-content/hosts.ts';
import { languageOf } from './language.ts';
import { learnKnownScripts } from './known-scripts.ts';
import { knownBlocks, structureSet } from './detectors/baseline-sets.ts';

/** Upper bounds keep a baseline small however much a page churns (news sites add blocks daily). */
const MAX_HASHES = 4000;
const MAX_LIST = 300;
/** Active items kept: pages with many event handlers churn through more than MAX_LIST. */
const MAX_ACTIVE = 1500;
const MAX_LINK_PATHS = 600;

/**
 * Fold one benign observation into a page's baseline. Pure: returns a new baseline.
 * Churn is learnt as the regions where text appeared that the baseline had not seen.
 */
export function learn(previous: Baseline | null, model: PageModel): Baseline {
  const b = previous ? normaliseBaseline(previous) : emptyBaseline();
  const { hashes, shapes, regionList, looks } = blockValues(model);
  // Each region's last sighting: the set of the sample's regions (its keys, in first-sighting order)
  // and what `bounded` needs to learn them, made once for both (a page's regions are long paths,
  // most of them repeated block after block).
  const regions = lastSightings(regionList);
  const volatile = new Set(b.volatilePaths);
  if (previous) {
    // Which of this sample's hashes and regions the baseline knew, found by looking its lists (up to
    // 4,000 each) up in the sample's few hundred values, rather than putting them into sets.
    // The detectors asked the same of the same baseline object just before (`judgePage`): reuse it.
    const knownHashes =
      previous.blockHashes === b.blockHashes
        ? knownBlocks(previous, model).hashes
        : presentIn(b.blockHashes, new Set(hashes));
    const knownRegions = presentIn(b.stablePaths, regions);
    for (const block of model.textBlocks) {
      if (!knownHashes.has(block.hash) && knownRegions.has(block.region)) volatile.add(block.region);
    }
  }
  const n = b.samples;
  const knownScripts = learnKnownScripts(b.knownScripts, model);
  return {
    version: 1,
    samples: n + 1,
    blockHashes: bounded(b.blockHashes, hashes, MAX_HASHES),
    blockShapes: bounded(b.blockShapes, shapes, MAX_HASHES),
    volatilePaths: [...volatile].slice(-MAX_LIST),
    stablePaths: previous ? b.stablePaths.filter((p) => regions.has(p)) : [...regions.keys()].slice(0, MAX_HASHES),
    titles: bounded(b.titles, [model.title], 50),
    headings: bounded(b.headings, model.headings, MAX_LIST),
    linkHosts: bounded(b.linkHosts, hosts(model.links), MAX_LIST),
    scriptHosts: bounded(b.scriptHosts, hosts(model.scripts), MAX_LIST),
    inlineScriptShapes: bounded(
      b.inlineScriptShapes,
      model.scripts.flatMap((s) => (s.inlineShapeHash ? [s.inlineShapeHash] : [])),
      MAX_LIST,
    ),
    frameHosts: bounded(b.frameHosts, hosts(model.iframes), MAX_LIST),
    formHosts: bounded(b.formHosts, hosts(model.forms), MAX_LIST),
    imageHosts: bounded(b.imageHosts, hosts(model.images), MAX_LIST),
    redirectHosts: bounded(b.redirectHosts, model.metaRefresh?.url ? hostsOfUrls([model.metaRefresh.url]) : [], 50),
    scriptSrcs: bounded(
      b.scriptSrcs,
      model.scripts.flatMap((s) => (s.src ? [foldUrl(s.src)] : [])),
      MAX_LIST,
    ),
    scriptSignatures: bounded(
      b.scriptSignatures,
      model.scripts.flatMap((s) => (s.src ? [] : [scriptSignature(s)])),
      MAX_LIST,
    ),
    regions: boundedBy(b.regions, regionList, regions, MAX_HASHES),
    blockLooks: bounded(b.blockLooks ?? [], looks, 20),
    imageSrcs: bounded(
      b.imageSrcs ?? [],
      model.images.map((i) => foldUrl(i.src)),
      MAX_LIST,
    ),
    linkPaths: bounded(b.linkPaths ?? [], ownLinkPaths(model), MAX_LINK_PATHS),
    language: pageLanguage(model) ?? b.language ?? null,
    markupLeaks: bounded(
      b.markupLeaks,
      model.markupLeaks.map((l) => hashText(l.snippet)),
      50,
    ),
    scriptProfile: averageProfile(b.scriptProfile, model.scriptProfile, n),
    declaredLang: model.declaredLang,
    structure: previous ? intersect(b.structure, structureSet(model)) : model.structure.slice(0, MAX_HASHES),
    visibleTextLength: Math.round((b.visibleTextLength * n + model.visibleTextLength) / (n + 1)),
    activeItems: bounded(
      b.activeItems ?? [],
      (model.activeContent ?? []).map((i) => i.key),
      MAX_ACTIVE,
    ),
    activeHosts: bounded(b.activeHosts ?? [], activeHostsOf(model), MAX_LIST),
    activeSamples: (b.activeSamples ?? 0) + (model.activeContent ? 1 : 0),
    // Only baselines learnt with a digest carry it: the others keep the shape they always had.
    ...(knownScripts ? { knownScripts } : {}),
    untrusted: b.untrusted,
  };
}

/** Baselines stored by older versions lack newer fields: fill them in rather than fail. */
export function normaliseBaseline(b: Baseline): Baseline {
  return { ...emptyBaseline(), ...b };
}

export function emptyBaseline(): Baseline {
  return {
    blockLooks: [],
    imageSrcs: [],
    linkPaths: [],
    language: null,
    version: 1,
    samples: 0,
    blockHashes: [],
    blockShapes: [],
    volatilePaths: [],
    stablePaths: [],
    titles: [],
    headings: [],
    linkHosts: [],
    scriptHosts: [],
    inlineScriptShapes: [],
    frameHosts: [],
    formHosts: [],
    imageHosts: [],
    redirectHosts: [],
    scriptSrcs: [],
    scriptSignatures: [],
    regions: [],
    markupLeaks: [],
    scriptProfile: emptyProfile(),
    declaredLang: null,
    structure: [],
    visibleTextLength: 0,
    untrusted: null,
    activeItems: [],
    activeHosts: [],
    activeSamples: 0,
  };
}

/**
 * Keep the `max` most recently seen distinct values, `fresh` last. A value seen again moves to the
 * end, so what every sample shows (a footer, the page's own links) is never pushed out by churn.
 *
 * `old` is a list this function wrote (its values distinct), so the result is the old values not seen
 * again, in their order, then the fresh ones by their last sighting: the order a set would give with
 * each fresh value deleted and added again, without building a set of the old values (up to 4,000
 * per list, several lists per observation learnt; a test compares the two on random lists).
 */
export function bounded(old: readonly string[], fresh: readonly string[], max: number): string[] {
  // One fresh value or none (a title, a meta refresh's host, a page without scripts): no map needed.
  if (fresh.length <= 1) {
    const only = fresh[0];
    const out: string[] = [];
    for (const v of old) if (v !== only) out.push(v);
    if (only !== undefined) out.push(only);
    return out.length > max ? out.slice(out.length - max) : out;
  }
  return boundedBy(old, fresh, lastSightings(fresh), max);
}

/** Where each value of `list` was seen last, by value; its keys in the order of their first sighting. */
function lastSightings(list: readonly string[]): Map<string, number> {
  const last = new Map<string, number>();
  for (let i = 0; i < list.length; i++) last.set(list[i] as string, i);
  return last;
}

/** `bounded(old, fresh, max)`, given `last = lastSightings(fresh)`. */
function boundedBy(
  old: readonly string[],
  fresh: readonly string[],
  last: ReadonlyMap<string, number>,
  max: number,
): string[] {
  const out: string[] = [];
  for (const v of old) if (!last.has(v)) out.push(v);
  for (let i = 0; i < fresh.length; i++) if (last.get(fresh[i] as string) === i) out.push(fresh[i] as string);
  return out.length > max ? out.slice(out.length - max) : out;
}

/** What learning takes of each text block, in the blocks' order, gathered in one pass over them. */
function blockValues(model: PageModel): { hashes: string[]; shapes: string[]; regionList: string[]; looks: string[] } {
  const hashes: string[] = [];
  const shapes: string[] = [];
  const regionList: string[] = [];
  const looks: string[] = [];
  for (const t of model.textBlocks) {
    hashes.push(t.hash);
    shapes.push(t.shapeHash);
    regionList.push(t.region);
    if (!t.hidden && t.look) for (const look of t.look) looks.push(look);
  }
  return { hashes, shapes, regionList, looks };
}

/** The values of `list` that are in `wanted`. */
function presentIn(list: readonly string[], wanted: { has(value: string): boolean }): Set<string> {
  const out = new Set<string>();
  for (const v of list) if (wanted.has(v)) out.add(v);
  return out;
}

function hosts(items: { host: string | null }[]): string[] {
  const out: string[] = [];
  for (const i of items) if (i.host) out.push(i.host);
  return out;
}

function hostsOfUrls(urls: string[]): string[] {
  return urls.flatMap((u) => {
    try {
      return [new URL(u).host.toLowerCase()];
    } catch {
      return [];
    }
  });
}

function intersect(a: string[], set: ReadonlySet<string>): string[] {
  return a.filter((x) => set.has(x));
}

function averageProfile(old: ScriptProfile, cur: ScriptProfile, n: number): ScriptProfile {
  const out = emptyProfile();
  for (const k of Object.keys(out) as (keyof ScriptProfile)[]) {
    out[k] = Math.round((old[k] * n + cur[k]) / (n + 1));
  }
  return out;
}

/** The paths of a page's links to its own site, query and digits folded: what its navigation points at. */
export function ownLinkPaths(model: PageModel): string[] {
  const out = new Set<string>();
  for (const l of model.links) {
    if (l.external || l.host === null) continue;
    const path = linkPath(l.href);
    if (path !== null) out.add(path);
  }
  return [...out];
}

/**
 * The path of an absolute link, without query or fragment, digits folded and trailing slashes cut:
 * `/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i`'s group, found by scanning, as this runs on every
 * link of every sample (a test compares the two on random addresses).
 */
export function linkPath(href: string): string | null {
  const n = href.length;
  if (n === 0 || !asciiLetter(href.charCodeAt(0))) return null;
  let i = 1;
  while (i < n && schemeChar(href.charCodeAt(i))) i++;
  if (!href.startsWith('://', i)) return null;
  i += 3;
  let c = href.charCodeAt(i);
  while (i < n && c !== 0x2f && c !== 0x3f && c !== 0x23) c = href.charCodeAt(++i);
  const start = i;
  let digits = false;
  while (i < n && c !== 0x3f && c !== 0x23) {
    if (c >= 0x30 && c <= 0x39) digits = true;
    c = href.charCodeAt(++i);
  }
  let p = href.slice(start, i);
  if (digits) p = p.replace(/\d+/g, '0');
  if (p.endsWith('/')) p = p.replace(/\/+$/, '');
  return p || '/';
}

function asciiLetter(c: number): boolean {
  return ((c | 0x20) - 0x61) >>> 0 < 26;
}

/** `[a-z0-9+.-]` (any case) */
function schemeChar(c: number): boolean {
  return asciiLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2e || c === 0x2d;
}

/** The language of a page's visible text (its first 4,000 characters are plenty). */
export function pageLanguage(model: PageModel): string | null {
  let text = '';
  for (const b of model.textBlocks) {
    if (b.hidden) continue;
    text += `${b.text} `;
    if (text.length > 4000) break;
  }
  return languageOf(text);
}
