import { Parser } from 'htmlparser2';

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
}

export interface LiteText {
  type: 'text';
  data: string;
}

export type LiteNode = LiteElement | LiteText;

/**
 * Parse HTML into a lite tree under a synthetic root element named `#root`. Never throws. When
 * `styles` is given, every `<style>` element is appended to it in document order, which spares
 * analysis a second walk of the whole tree to find them.
 */
export function parseLite(html: string, styles?: LiteElement[]): LiteElement {
  const root: LiteElement = { type: 'tag', name: '#root', attribs: {}, children: [], parent: null, nth: 1, several: false };
  let current = root;
  let lastText: LiteText | null = null;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        // Sibling positions are not counted here: most elements never need a path, and a count object
        // per parent was a measurable share of parsing (see `numberSiblings` in element-paths.ts).
        const el: LiteElement = { type: 'tag', name, attribs, children: [], parent: current, nth: 0, several: false };
        current.children.push(el);
        if (styles && name === 'style') styles.push(el);
        current = el;
        lastText = null;
      },
      onclosetag() {
        current = current.parent ?? root;
        lastText = null;
      },
      ontext(data) {
        // The tokenizer delivers text in pieces (entities, chunk edges): keep one node per run.
        if (lastText) lastText.data += data;
        else {
          lastText = { type: 'text', data };
          current.children.push(lastText);
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  return root;
}

export function isElement(node: LiteNode): node is LiteElement {
  return node.type === 'tag';
}
