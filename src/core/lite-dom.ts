import { LinearParser } from './linear-parser.ts';

/**
 * A minimal document tree built straight from htmlparser2's parser events. domhandler's nodes carry
 * sibling links and source positions we never use, and constructing them was the largest single cost
 * of analysing a page; plain objects with just what analysis reads are several times cheaper.
 */
export interface LiteElement {
  type: 'tag';
  name: string;
  attribs: Record<string, string>;
  children: LiteNode[];
  parent: LiteElement | null;
  /**
   * 1-based position among the parent's children with the same tag (for `:nth-of-type`); 0 until
   * a path asks for it (`element-paths.ts` numbers all the siblings at once then).
   */
  nth: number;
  /** Whether the parent has other children with this tag; meaningful once `nth` is set. */
  several: boolean;
  /**
   * Whether some attribute is an event handler (`on…`) or has a `<` in its value: the only attributes
   * the model builder reads one by one, so an element without such is not walked attribute by attribute.
   * Noted by the parser as it stores them, when the value is at hand.
   */
  marked: boolean;
}

export interface LiteText {
  type: 'text';
  data: string;
}

export type LiteNode = LiteElement | LiteText;

/** Elements a document tree holds at most: a page of millions of tags is kept to its first ones. */
export const MAX_ELEMENTS = 200_000;
/**
 * Nesting kept in the tree. An element opened deeper is attached beside its parent at this depth
 * instead of inside it: its text, links and scripts stay in the model, and paths stay short.
 */
export const MAX_TREE_DEPTH = 256;
/** Attributes kept per element, the first ones (real elements carry a few dozen at most). */
export const MAX_ATTRIBUTES = 1000;
/** Elements whose text is source or data, never page text, even when the element itself was not kept. */
const RAW_TEXT = new Set(['script', 'style', 'template', 'textarea', 'title', 'xmp', 'noframes', 'noembed', 'iframe']);

/**
 * Parse HTML into a lite tree under a synthetic root element named `#root`. Never throws, and linear
 * in the input (see `linear-parser.ts`); the tree is bounded in depth and size, and `limits` gets
 * `html-depth`, `html-elements` or `html-attributes` when a bound cut something (see `PageModel.limits`). When
 * `styles` is given, every `<style>` element is appended to it in document order, which spares
 * analysis a second walk of the whole tree to find them.
 */
export function parseLite(
  html: string,
  styles?: LiteElement[],
  limits?: Set<string>,
  options: { xmlMode?: boolean } = {},
): LiteElement {
  const root: LiteElement = {
    type: 'tag',
    name: '#root',
    attribs: {},
    children: [],
    parent: null,
    nth: 1,
    several: false,
    marked: false,
  };
  // The parser's open elements that were kept, innermost last, and above them a count of dropped ones.
  const open: LiteElement[] = [root];
  let current = root;
  let elements = 0;
  /** Open dropped elements whose content is raw text (a dropped `<script>`'s source is not page text). */
  let rawDropped = 0;
  let dropped = 0;
  /** Depth in the tree of each entry of `open` (the root's children are at depth 1). */
  const depth: number[] = [0];
  let lastText: LiteText | null = null;
  // htmlparser2's own Parser is quadratic in nesting depth (see linear-parser.ts).
  const parser = new LinearParser(
    {
      onopentag(name, attribs, _isImplied, marked) {
        lastText = null;
        if (elements >= MAX_ELEMENTS) {
          // Every element opened from here on is dropped, so the open dropped ones are a count.
          limits?.add('html-elements');
          if (RAW_TEXT.has(name)) rawDropped += 1;
          dropped += 1;
          return;
        }
        elements += 1;
        // Past the depth bound the element goes beside the open one, under the same parent.
        const at = depth[depth.length - 1] as number;
        const deep = at >= MAX_TREE_DEPTH;
        if (deep) limits?.add('html-depth');
        const parent = deep ? (current.parent ?? root) : current;
        // Sibling positions are not counted here: most elements never need a path, and a count object
        // per parent was a measurable share of parsing (see `numberSiblings` in element-paths.ts).
        const el: LiteElement = {
          type: 'tag',
          name,
          attribs,
          children: NO_CHILDREN,
          parent,
          nth: 0,
          several: false,
          marked: marked === true,
        };
        append(parent, el);
        if (styles && name === 'style') styles.push(el);
        current = el;
        open.push(el);
        depth.push(deep ? at : at + 1);
      },
      onclosetag(name) {
        lastText = null;
        if (dropped > 0) {
          dropped -= 1;
          if (RAW_TEXT.has(name) && rawDropped > 0) rawDropped -= 1;
          return;
        }
        if (open.length === 1) return;
        open.pop();
        depth.pop();
        current = open[open.length - 1] ?? root;
      },
      ontext(data) {
        if (rawDropped > 0) return;
        // The tokenizer delivers text in pieces (entities, chunk edges): keep one node per run.
        if (lastText) lastText.data += data;
        else {
          lastText = { type: 'text', data };
          append(current, lastText);
        }
      },
    },
    // XML (feeds) keeps names as written and reads CDATA as text, as htmlparser2's XML mode does.
    options.xmlMode
      ? { xmlMode: true, decodeEntities: true, maxAttributes: MAX_ATTRIBUTES }
      : { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, maxAttributes: MAX_ATTRIBUTES },
  );
  parser.end(html);
  if (parser.attributesDropped) limits?.add('html-attributes');
  return root;
}

/**
 * The children of an element that has none yet, shared: most elements have none or one (a link's
 * text), and an array of their own grows to room for 17 on its first push, which was a large share
 * of parsing's garbage. An element's first child gets an array of one, replacing this one; only
 * `append` adds children, so nothing is ever pushed here. Made from an array of objects so that every
 * children array has the same elements kind (loops over them stay monomorphic).
 */
const NO_CHILDREN: LiteNode[] = ([{ type: 'text', data: '' }] as LiteNode[]).slice(1);

function append(parent: LiteElement, node: LiteNode): void {
  if (parent.children.length === 0) parent.children = [node];
  else parent.children.push(node);
}

export function isElement(node: LiteNode): node is LiteElement {
  return node.type === 'tag';
}
