import type { LiteElement as Element } from './lite-dom.ts';

const MAX_NAME = 40;

/**
 * One element's place in the document. Full paths are built only when something asks for them
 * (a text block, a link, a hidden element): most elements never need theirs, and building every
 * path string eagerly was the analyser's largest allocation.
 */
export interface PathNode {
  parent: PathNode | null;
  /** `tag#id.class1.class2` plus `:nth-of-type(n)` when the parent has several of this tag. */
  segment: string;
  /** The segment without position and with digits in ids and classes folded. */
  regionSegment: string;
  /** A number identifying the tag-and-id skeleton down to this element (classes ignored). */
  skeleton: number;
  path?: string;
  region?: string;
}

/** CSS-like paths: `body>div#main>ul.news>li:nth-of-type(3)`. Regions drop positions, so an item keeps its region when one is added above it. */
export class ElementPaths {
  /** Per parent: each child element's 1-based position among same-tag siblings, and the tag counts. */
  private readonly positions = new WeakMap<object, { nth: Map<Element, number>; counts: Map<string, number> }>();

  node(el: Element, parent: PathNode | null): PathNode {
    const { base, id } = segment(el);
    const decorations = base.slice(el.name.length);
    return {
      parent,
      segment: `${base}${this.nthOfType(el)}`,
      // Generated ids and classes (`post-1234`) fold their digits so the region survives renumbering.
      regionSegment: /\d/.test(decorations) ? `${el.name}${decorations.replace(/\d+/g, '0')}` : base,
      skeleton: mix(parent?.skeleton ?? 0x811c9dc5, el.name, id ? id.replace(/\d+/g, '0') : ''),
    };
  }

  private nthOfType(el: Element): string {
    const parent = el.parent;
    if (!parent) return '';
    let entry = this.positions.get(parent);
    if (!entry) {
      entry = { nth: new Map(), counts: new Map() };
      for (const c of parent.children) {
        if (c.type !== 'tag') continue;
        const n = (entry.counts.get(c.name) ?? 0) + 1;
        entry.counts.set(c.name, n);
        entry.nth.set(c, n);
      }
      this.positions.set(parent, entry);
    }
    if ((entry.counts.get(el.name) ?? 0) <= 1) return '';
    return `:nth-of-type(${entry.nth.get(el) ?? 0})`;
  }
}

export function pathOf(node: PathNode): string {
  node.path ??= node.parent ? `${pathOf(node.parent)}>${node.segment}` : node.segment;
  return node.path;
}

export function regionOf(node: PathNode): string {
  node.region ??= node.parent ? `${regionOf(node.parent)}>${node.regionSegment}` : node.regionSegment;
  return node.region;
}

/** FNV-1a over the tag and id, chained from the parent: a skeleton key without building strings. */
function mix(seed: number, name: string, id: string): number {
  let h = seed;
  const s = id ? `${name}#${id}` : name;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return Math.imul(h ^ 0x3e, 16777619) >>> 0;
}

function segment(el: Element): { base: string; id: string | null } {
  let s = el.name;
  const rawId = el.attribs.id?.trim();
  const id = rawId && /^[\w-]+$/.test(rawId) ? rawId.slice(0, MAX_NAME) : null;
  if (id) s += `#${id}`;
  const cls = el.attribs.class?.trim();
  if (cls) {
    for (const c of cls.split(/\s+/).slice(0, 2)) if (/^[\w-]+$/.test(c)) s += `.${c.slice(0, MAX_NAME)}`;
  }
  return { base: s, id };
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
