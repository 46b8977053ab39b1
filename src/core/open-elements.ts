import type { LiteElement as Element } from './lite-dom.ts';
import type { HiddenBy } from './page-model.ts';
import { skeletonOf, type PathNode } from './element-paths.ts';

/** An element being walked, and its path node: one object, as the walk enters every element. */
export interface OpenElement extends PathNode {
  parent: OpenElement | null;
  hidden: HiddenBy | null;
  block: OpenBlock | null;
  suppress: boolean;
  code: boolean;
  /** Presentational look (`block-look.ts`) of this element and its ancestors. */
  look: number;
  /** The block record of this slot, reused by each element in it that starts a block (`openBlock`). */
  ownBlock: OpenBlock | null;
}

export interface OpenBlock {
  node: PathNode;
  hidden: HiddenBy | null;
  inCode: boolean;
  /** Where the block's text starts in the model builder's `parts` (see there). */
  start: number;
  order: number;
  /** The block's element look plus presentational tags inside it (`<font>` in a `<p>`). */
  look: number;
}

/**
 * The model builder's open elements, innermost last, to `depth`; the records past it are reused.
 * An element's record and its block are read only while the element is open (paths, hiding records
 * and text blocks take strings from them, and the closures handed out are called at once), so the
 * record of an element that closed is taken again by the next element opened at its depth. A page
 * makes as many as it nests deep instead of one per element (and one per block), which were the
 * largest share of the walk's garbage.
 */
export class OpenElements {
  private readonly records: OpenElement[] = [];
  private depth = 0;

  /**
   * The innermost open element. Indexed, not `Array#at`: it is asked for every node of the page, and
   * V8 calls `at` as a builtin where it inlines an indexed read.
   */
  top(): OpenElement | null {
    return this.depth > 0 ? (this.records[this.depth - 1] as OpenElement) : null;
  }

  /** The next record, set for `el` (its look and the rest are the caller's to set). */
  push(el: Element, parent: OpenElement | null): OpenElement {
    let node = this.records[this.depth];
    if (node === undefined) {
      node = {
        parent,
        el,
        skeleton: 0,
        segment: undefined,
        regionSegment: undefined,
        base: undefined,
        path: undefined,
        region: undefined,
        hidden: null,
        block: null,
        suppress: false,
        code: false,
        look: 0,
        ownBlock: null,
      };
      this.records[this.depth] = node;
    } else {
      node.parent = parent;
      node.el = el;
      node.segment = undefined;
      node.regionSegment = undefined;
      node.base = undefined;
      node.path = undefined;
      node.region = undefined;
    }
    this.depth++;
    node.skeleton = skeletonOf(el, parent);
    return node;
  }

  /** Closes the innermost element: its record is free for the next element opened at its depth. */
  pop(): void {
    this.depth--;
  }

  /** The block `node`'s element starts, in the record's block (see the class). */
  openBlock(node: OpenElement, hidden: HiddenBy | null, order: number, start: number): OpenBlock {
    const block = node.ownBlock;
    if (block === null) {
      node.ownBlock = { node, hidden, inCode: false, start, order, look: node.look };
      return node.ownBlock;
    }
    block.node = node;
    block.hidden = hidden;
    block.inCode = false;
    block.start = start;
    block.order = order;
    block.look = node.look;
    return block;
  }
}
