import { isTag, type Element } from 'domhandler';

const MAX_NAME = 40;

/**
 * CSS-like paths for elements: `body>div#main>ul.news>li:nth-of-type(3)`. The region form drops
 * positions, so an item keeps its region when a news item is added above it.
 */
export class ElementPaths {
  /** Per parent: each child element's 1-based position among same-tag siblings, and the tag counts. */
  private readonly positions = new WeakMap<object, { nth: Map<Element, number>; counts: Map<string, number> }>();

  of(el: Element, parentPath: string, parentRegion: string): { path: string; region: string } {
    const base = segment(el);
    const sep = parentPath ? '>' : '';
    const nth = this.nthOfType(el);
    const path = `${parentPath}${sep}${base}${nth}`;
    // Generated ids and classes (`post-1234`) fold their digits so the region survives renumbering.
    const region = `${parentRegion}${sep}${el.name}${base.slice(el.name.length).replace(/\d+/g, '0')}`;
    return { path, region };
  }

  private nthOfType(el: Element): string {
    const parent = el.parent;
    if (!parent) return '';
    let entry = this.positions.get(parent);
    if (!entry) {
      entry = { nth: new Map(), counts: new Map() };
      for (const c of parent.children) {
        if (!isTag(c)) continue;
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

function segment(el: Element): string {
  let s = el.name;
  const id = el.attribs.id?.trim();
  if (id && /^[\w-]+$/.test(id)) s += `#${id.slice(0, MAX_NAME)}`;
  const cls = el.attribs.class?.trim();
  if (cls) {
    for (const c of cls.split(/\s+/).slice(0, 2)) if (/^[\w-]+$/.test(c)) s += `.${c.slice(0, MAX_NAME)}`;
  }
  return s;
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
