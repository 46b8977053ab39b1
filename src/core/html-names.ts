/**
 * The tag and attribute names pages use most, found in the document by their place instead of being
 * cut out of it: the parser read every name with a slice, a `toLowerCase` and a map lookup (three
 * scans and two strings per tag and per attribute). A name in this table is read once, in place, and
 * the table's own string is returned, lower-cased and internalised (attribute names are then
 * property keys the engine need not look up in its string table). Names it does not hold go the old
 * way. Fixed at load: a page cannot add to it.
 */

/** Tag names, lower case: every HTML element, and the SVG and MathML ones pages carry most. */
const TAG_NAMES = `
  a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption center
  cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption
  figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe image img
  input ins kbd label legend li link main map mark menu meta meter nav nobr noembed noframes noscript
  object ol optgroup option output p param picture pre progress q rp rt ruby s samp script search section
  select slot small source span strike strong style sub summary sup table tbody td template textarea tfoot
  th thead time title tr track tt u ul var video wbr xmp svg path g use defs symbol circle rect line
  polygon polyline ellipse stop lineargradient radialgradient clippath mask filter text tspan desc pattern
  foreignobject math mi mo mn mrow msup msub mstyle mspace semantics annotation
`
  .trim()
  .split(/\s+/)
  .map(internalised);

/** Attribute names, lower case: the global ones, those of links, media, forms and ARIA, and SVG's commonest. */
const ATTRIBUTE_NAMES = `
  id class style title lang dir hidden tabindex role slot translate accesskey draggable contenteditable
  itemprop itemscope itemtype nonce href src srcset sizes alt width height loading decoding fetchpriority
  rel target type media as crossorigin integrity referrerpolicy hreflang download async defer charset
  content name property http-equiv value action method for placeholder checked selected disabled required
  readonly autocomplete maxlength colspan rowspan align valign border color size face bgcolor cellpadding
  cellspacing frameborder allow allowfullscreen scrolling sandbox poster controls autoplay muted loop
  playsinline preload label datetime data language onclick onload onerror onsubmit onchange onmouseover
  aria-label aria-hidden aria-expanded aria-haspopup aria-labelledby aria-describedby aria-current
  aria-controls aria-level aria-live aria-selected focusable data-src data-id data-type data-name
  data-toggle data-target viewbox xmlns xmlns:xlink xlink:href d fill fill-rule clip-rule stroke
  stroke-width stroke-linecap stroke-linejoin transform x y cx cy r rx ry x1 x2 y1 y2 points opacity
  offset version preserveaspectratio
`
  .trim()
  .split(/\s+/)
  .map(internalised);

const SIZE = 1024;
const MASK = SIZE - 1;
/** Longer names are never in the table: no scan of a hostile megabyte-long name. */
const MAX_LENGTH = 32;

/** An open-addressed table of lower-case ASCII names, looked up by an FNV-1a of the lower-cased text. */
export class NameTable {
  private readonly slots: (string | undefined)[] = new Array<string | undefined>(SIZE).fill(undefined);

  constructor(names: readonly string[]) {
    if (names.length > SIZE / 2) throw new Error('name table too full');
    for (const name of names) {
      if (name.length > MAX_LENGTH || name !== name.toLowerCase() || /[^\x21-\x7e]/.test(name))
        throw new Error(`not a table name: ${name}`);
      let slot = hashOf(name, 0, name.length) & MASK;
      while (this.slots[slot] !== undefined && this.slots[slot] !== name) slot = (slot + 1) & MASK;
      this.slots[slot] = name;
    }
  }

  /**
   * The table's name equal to `text.slice(start, end).toLowerCase()`, or undefined when it holds none.
   * Only ASCII is lower-cased here (A-Z), so a name with any other character is never found and the
   * caller lower-cases it in full (`toLowerCase` maps some non-ASCII letters to ASCII ones: the
   * Kelvin sign to `k`).
   */
  lookup(text: string, start: number, end: number): string | undefined {
    const length = end - start;
    if (length <= 0 || length > MAX_LENGTH) return undefined;
    const h = hashOf(text, start, end);
    if (h < 0) return undefined;
    let slot = h & MASK;
    for (;;) {
      const name = this.slots[slot];
      if (name === undefined) return undefined;
      if (name.length === length && sameLowerCased(name, text, start)) return name;
      slot = (slot + 1) & MASK;
    }
  }
}

/** FNV-1a of the text's ASCII-lower-cased characters, as a non-negative number; -1 when one is not ASCII. */
function hashOf(text: string, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return -1;
    h = Math.imul(h ^ lowerAscii(c), 16777619);
  }
  return h & 0x7fffffff;
}

function sameLowerCased(name: string, text: string, start: number): boolean {
  for (let k = 0; k < name.length; k++) if (name.charCodeAt(k) !== lowerAscii(text.charCodeAt(start + k))) return false;
  return true;
}

/**
 * The engine's own copy of a name (the one its string table holds, as for a literal in the source):
 * split from a template, the names are fresh strings, which a property store would look up again.
 */
function internalised(name: string): string {
  return Object.keys({ [name]: 0 })[0] as string;
}

/** An ASCII capital's small letter; any other code as it is. */
function lowerAscii(c: number): number {
  return c >= 65 && c <= 90 ? c | 0x20 : c;
}

export const TAGS = new NameTable(TAG_NAMES);
export const ATTRIBUTES = new NameTable(ATTRIBUTE_NAMES);

/** For tests: every name of both tables. */
export const tableNames = { tags: TAG_NAMES, attributes: ATTRIBUTE_NAMES };
