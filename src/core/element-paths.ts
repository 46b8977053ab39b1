import type { LiteElement as Element, LiteNode } from './lite-dom.ts';
import { isSpace } from './text.ts';

const MAX_NAME = 40;

/**
 * One element's place in the document. Paths, regions and even the element's own segment are built
 * only when something asks for them (a text block, a link, a hidden element): most elements never
 * need theirs, and building every string eagerly was the analyser's largest allocation.
 */
export interface PathNode {
  parent: PathNode | null;
  el: Element;
  /** A number identifying the tag-and-id skeleton down to this element (classes ignored). */
  skeleton: number;
  // The strings below are undefined until asked for. They are declared, not optional, so every node
  // is created with all its fields and keeps one object shape when they are filled in.
  /** `tag#id.class1.class2` plus `:nth-of-type(n)` when the parent has several of this tag. */
  segment: string | undefined;
  /** The segment without position and with digits in ids and classes folded. */
  regionSegment: string | undefined;
  /** `tag#id.class1.class2`, shared by the two segments above. */
  base: string | undefined;
  path: string | undefined;
  /** The element's region, shared with every element of the document that has the same region. */
  region: RegionNode | undefined;
}

/**
 * A region met in one document, and the regions met below it by their last segment. Elements with
 * the same region (a list's items, their links) take the same string object from here: the
 * judgement hashes and compares each block's region, and a string shared is flattened and hashed
 * once where one built per element was flattened and hashed each time. Looked up by the short
 * segment under the parent's region, not by the whole region, which would have to be hashed to be
 * found.
 */
interface RegionNode {
  readonly region: string;
  /** The last segment of this region (what its parent found it by). */
  readonly segment: string;
  /** The first region met below; most regions have only one, found without a map. */
  first: RegionNode | undefined;
  /** The others, when there are some. */
  below: Map<string, RegionNode> | undefined;
}

/**
 * The path node of an element entered during the walk. Paths are CSS-like,
 * `body>div#main>ul.news>li:nth-of-type(3)`; regions drop positions, so an item keeps its region
 * when one is added above it.
 */
export function pathNode(el: Element, parent: PathNode | null): PathNode {
  return {
    parent,
    el,
    skeleton: skeletonOf(el, parent),
    segment: undefined,
    regionSegment: undefined,
    base: undefined,
    path: undefined,
    region: undefined,
  };
}

/** The skeleton key of an element under `parent`, for callers that build their own (larger) nodes. */
export function skeletonOf(el: Element, parent: PathNode | null): number {
  const id = el.attribs.id ? validId(el.attribs.id) : null;
  return mix(parent?.skeleton ?? 0x811c9dc5, el.name, id ? id.replace(/\d+/g, '0') : '');
}

function segmentOf(node: PathNode): string {
  if (node.segment === undefined) {
    const el = node.el;
    if (el.nth === 0) numberSiblings(el);
    node.segment = el.several ? `${baseOf(node)}:nth-of-type(${el.nth})` : baseOf(node);
  }
  return node.segment;
}

/**
 * Set `nth` and `several` on an element and all its siblings, in one scan of their parent: done the
 * first time a path needs one of them, so a parent of a thousand list items is scanned once.
 */
function numberSiblings(el: Element): void {
  const parent = el.parent;
  if (!parent) {
    el.nth = 1;
    return;
  }
  const children = parent.children;
  if (children.length <= FEW_SIBLINGS) {
    numberFewSiblings(children);
    return;
  }
  const counts = new Map<string, number>();
  for (const child of parent.children) {
    if (child.type !== 'tag') continue;
    const nth = (counts.get(child.name) ?? 0) + 1;
    counts.set(child.name, nth);
    child.nth = nth;
  }
  for (const child of parent.children) if (child.type === 'tag') child.several = (counts.get(child.name) ?? 0) > 1;
}

/** Parents with this many children or fewer are numbered without a map (most are; a map each was garbage). */
const FEW_SIBLINGS = 8;

/** `numberSiblings` for a few children: each compared with the others, no map. */
function numberFewSiblings(children: readonly LiteNode[]): void {
  for (let i = 0; i < children.length; i++) {
    const child = children[i] as LiteNode;
    if (child.type !== 'tag') continue;
    let before = 0;
    let total = 0;
    for (let j = 0; j < children.length; j++) {
      const other = children[j] as LiteNode;
      if (other.type !== 'tag' || other.name !== child.name) continue;
      total++;
      if (j < i) before++;
    }
    child.nth = before + 1;
    child.several = total > 1;
  }
}

function regionSegmentOf(node: PathNode): string {
  if (node.regionSegment === undefined) {
    const base = baseOf(node);
    const name = node.el.name;
    // Generated ids and classes (`post-1234`) fold their digits so the region survives renumbering.
    // Most segments have none: looked for in place, without slicing the decorations off first.
    node.regionSegment = hasDigitFrom(base, name.length)
      ? `${name}${base.slice(name.length).replace(/\d+/g, '0')}`
      : base;
  }
  return node.regionSegment;
}

/** Whether `s` has an ASCII digit (`\d`) at or after `from`. */
function hasDigitFrom(s: string, from: number): boolean {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

function baseOf(node: PathNode): string {
  node.base ??= baseSegment(node.el);
  return node.base;
}

export function pathOf(node: PathNode): string {
  node.path ??= node.parent ? `${pathOf(node.parent)}>${segmentOf(node)}` : segmentOf(node);
  return node.path;
}

export function regionOf(node: PathNode): string {
  return regionNodeOf(node).region;
}

function regionNodeOf(node: PathNode): RegionNode {
  if (node.region === undefined) {
    const segment = regionSegmentOf(node);
    // A document's root starts its regions: nothing outlives the document it was built for.
    node.region = node.parent === null ? regionNode(segment, segment) : below(regionNodeOf(node.parent), segment);
  }
  return node.region;
}

/** The region `segment` below `above`, the one met before if there was one. */
function below(above: RegionNode, segment: string): RegionNode {
  const first = above.first;
  if (first === undefined) {
    above.first = regionNode(`${above.region}>${segment}`, segment);
    return above.first;
  }
  if (first.segment === segment) return first;
  const others = (above.below ??= new Map<string, RegionNode>());
  let found = others.get(segment);
  if (found === undefined) {
    found = regionNode(`${above.region}>${segment}`, segment);
    others.set(segment, found);
  }
  return found;
}

function regionNode(region: string, segment: string): RegionNode {
  return { region, segment, first: undefined, below: undefined };
}

/**
 * FNV-1a over the tag and id (`tag#id`), chained from the parent: a skeleton key without building
 * strings. Kept as a signed 32-bit integer: V8 stores one of those in place, where an unsigned one of
 * 2^31 or more is a heap number (one allocated for every other element, and again in the model
 * builder's set). `skeletonKey` gives the unsigned value the model's structure is written from.
 */
function mix(seed: number, name: string, id: string): number {
  let h = seed;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  if (id) {
    h = Math.imul(h ^ 0x23, 16777619);
    for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  }
  return Math.imul(h ^ 0x3e, 16777619);
}

/** The skeleton key `skeletonOf` gives, as the unsigned number the model's structure names in base 36. */
export function skeletonKey(skeleton: number): number {
  return skeleton >>> 0;
}

function validId(rawId: string): string | null {
  const id = rawId.trim();
  return id && /^[\w-]+$/.test(id) ? id.slice(0, MAX_NAME) : null;
}

function baseSegment(el: Element): string {
  let s = el.name;
  const id = el.attribs.id ? validId(el.attribs.id) : null;
  if (id) s += `#${id}`;
  const cls = el.attribs.class;
  if (cls) s += classesOf(cls);
  return s;
}

/**
 * `.a.b` for the first two classes of a `class` value (`split(/\s+/)` of it trimmed, those of `[\w-]`
 * only), read in place: splitting built an array of every class of every element a path was asked for.
 */
export function classesOf(cls: string): string {
  let out = '';
  let i = 0;
  for (let taken = 0; taken < 2; taken++) {
    while (i < cls.length && isSpace(cls.charCodeAt(i))) i++;
    if (i >= cls.length) break;
    const start = i;
    let word = true;
    while (i < cls.length) {
      const c = cls.charCodeAt(i);
      if (isSpace(c)) break;
      if (!isWordOrDash(c)) word = false;
      i++;
    }
    if (word) out += `.${cls.slice(start, Math.min(i, start + MAX_NAME))}`;
  }
  return out;
}

/** `[\w-]`: ASCII letters, digits, `_` and `-`. */
function isWordOrDash(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

/** The region of an element path: positions dropped, digits in ids and classes folded (as `ElementPaths` does). */
export function regionOfPath(path: string): string {
  return path
    .split('>')
    .map((segment) => {
      const base = segment.replace(/:nth-of-type\(\d+\)$/, '');
      const tag = /^[a-z0-9]+/.exec(base)?.[0] ?? '';
      return `${tag}${base.slice(tag.length).replace(/\d+/g, '0')}`;
    })
    .join('>');
}

/** The path of an element's parent. */
export function parentPath(path: string): string {
  const i = path.lastIndexOf('>');
  return i < 0 ? '' : path.slice(0, i);
}
