import { Tokenizer, type QuoteType, type TokenizerCallbacks } from 'htmlparser2';
import { HtmlTokenizer } from './html-tokenizer.ts';
import { ATTRIBUTES, TAGS } from './html-names.ts';
import { OpenStack } from './open-stack.ts';
import * as tables from './parser-tables.ts';

// Read once into module-local constants, as they are read for every tag.
const { FOREIGN_ROOTS, HTML_INTEGRATION, OPEN_IMPLIES_CLOSE, SVG_TAG_NAMES, VOID_ELEMENTS } = tables;

/** The events of htmlparser2's `Handler` that analysis, sitemaps and feeds use. */
export interface ParserEvents {
  /**
   * `marked`: whether some attribute kept is an event handler (`on…`) or has a `<` in its value
   * (see `LiteElement.marked`).
   */
  onopentag?(name: string, attribs: Record<string, string>, isImplied: boolean, marked?: boolean): void;
  onclosetag?(name: string, isImplied: boolean): void;
  ontext?(data: string): void;
  oncomment?(data: string): void;
  oncommentend?(): void;
  oncdatastart?(): void;
  oncdataend?(): void;
  onprocessinginstruction?(name: string, data: string): void;
}

export interface LinearParserOptions {
  xmlMode?: boolean;
  decodeEntities?: boolean;
  lowerCaseTags?: boolean;
  lowerCaseAttributeNames?: boolean;
  recognizeSelfClosing?: boolean;
  /** Attributes kept per element (the first ones); the rest are dropped and `attributesDropped` set. */
  maxAttributes?: number;
}

const NONE = 0;
const SVG = 1;
const MATHML = 2;
const NAME_END = /\s|\//;
const MAX_INTERNED = 2000;
/**
 * The attributes of an element that has none, shared: a third of a page's elements carry none, and
 * an object each was garbage, and then part of the tree the garbage collector copies while a page is
 * analysed. The first attribute gets an object of its own (`onattribend`); frozen, so that a
 * consumer writing to it fails loudly instead of writing to every attribute-less element.
 */
const NO_ATTRIBUTES: Record<string, string> = Object.freeze({});

/**
 * htmlparser2's tree construction (its `Parser`), over its own public `Tokenizer`, with the stack of
 * open elements kept top-last. htmlparser2 keeps it top-first and opens each element with
 * `Array#unshift` and closes it with `shift`: every open tag moves the whole stack, so a page of
 * 400,000 unclosed `<div>` took minutes. Here opening and closing are O(1), and whether an element of
 * a name is open at all is a count lookup (see `open-stack.ts`), so an end tag that matches nothing
 * costs O(1) too; one that does match pops what it passes, which each element pays for once. Events,
 * names, attributes and implied closes are those of htmlparser2 12 (a test compares the two on
 * random markup; the tables are copied in `parser-tables.ts`).
 */
export class LinearParser implements TokenizerCallbacks {
  /** Where the event being reported starts in the document (htmlparser2's `startIndex`). */
  startIndex = 0;
  endIndex = 0;
  private openTagStart = 0;
  private tagname = '';
  private attribname = '';
  private attribvalue = '';
  private attribs: Record<string, string> | null = null;
  private readonly stack = new OpenStack();
  private readonly foreign: number[] = [NONE];
  private readonly html: boolean;
  private readonly lowerCaseTagNames: boolean;
  private readonly lowerCaseAttributeNames: boolean;
  private readonly recognizeSelfClosing: boolean;
  /** htmlparser2's tokenizer, for XML and for documents fed in pieces; made on the first `write`. */
  private tokenizer: Tokenizer | null = null;
  /** The pieces of the document still needed, the first starting at `chunksOffset`. */
  private readonly chunks: string[] = [];
  private chunksOffset = 0;
  private attribCount = 0;
  private skipAttribute = false;
  /** Whether an attribute of the open tag is a handler or holds a `<` (see `ParserEvents.onopentag`). */
  private marked = false;
  /** Whether some element had more attributes than `maxAttributes`. */
  attributesDropped = false;
  private readonly names = new Map<string, string>();
  /**
   * The whole document, when it is HTML read whole with its names lower-cased: common names are then
   * read from it in place (`html-names.ts`) instead of sliced and lower-cased.
   */
  private document: string | null = null;

  constructor(
    private readonly cbs: ParserEvents,
    private readonly options: LinearParserOptions = {},
  ) {
    this.html = !options.xmlMode;
    this.lowerCaseTagNames = options.lowerCaseTags ?? this.html;
    this.lowerCaseAttributeNames = options.lowerCaseAttributeNames ?? this.html;
    this.recognizeSelfClosing = options.recognizeSelfClosing ?? !this.html;
  }

  /**
   * Parse a whole document (one call per parser). HTML read whole goes through our own tokenizer
   * (`html-tokenizer.ts`, the same callbacks at the same offsets, at a fraction of the cost).
   */
  end(document: string): void {
    if (this.html && this.tokenizer === null) {
      this.chunks.push(document);
      if (this.lowerCaseTagNames && this.lowerCaseAttributeNames) this.document = document;
      const { decodeEntities = true, recognizeSelfClosing = false } = this.options;
      new HtmlTokenizer(this, decodeEntities, recognizeSelfClosing).tokenize(document);
      return;
    }
    this.write(document);
    this.finish();
  }

  /**
   * Feed the next piece of a document read as a stream; `finish()` after the last. Only the pieces
   * the tokenizer may still ask about are kept (as htmlparser2's own parser does).
   */
  write(chunk: string): void {
    if (!chunk) return;
    this.chunks.push(chunk);
    this.tokenizer ??= new Tokenizer(this.options, this);
    this.tokenizer.write(chunk);
  }

  finish(): void {
    this.tokenizer ??= new Tokenizer(this.options, this);
    this.tokenizer.end();
  }

  isInForeignContext(): boolean {
    return this.foreign[this.foreign.length - 1] !== NONE;
  }

  ontext(start: number, endIndex: number): void {
    const data = this.slice(start, endIndex);
    this.endIndex = endIndex - 1;
    this.cbs.ontext?.(data);
    this.startIndex = endIndex;
  }

  ontextentity(cp: number, endIndex: number): void {
    this.endIndex = endIndex - 1;
    this.cbs.ontext?.(String.fromCodePoint(cp));
    this.startIndex = endIndex;
  }

  onopentagname(start: number, endIndex: number): void {
    this.endIndex = endIndex;
    this.emitOpenTag(this.readTagName(start, endIndex));
  }

  onopentagend(endIndex: number): void {
    this.endIndex = endIndex;
    this.endOpenTag(false);
    this.startIndex = endIndex + 1;
  }

  onclosetag(start: number, endIndex: number): void {
    this.endIndex = endIndex;
    const name = this.readTagName(start, endIndex);
    if (!this.isVoid(name)) {
      const inside = this.stack.above(name);
      if (inside !== -1) {
        for (let n = inside; n > 0; n--) this.popElement(true);
        this.popElement(false);
      } else if (this.html && name === 'p') {
        // An end tag with no open `<p>` opens and closes one, as browsers do.
        this.emitOpenTag('p');
        this.closeCurrentTag(true);
      }
    } else if (this.html && name === 'br') {
      this.cbs.onopentag?.('br', NO_ATTRIBUTES, true, false);
      this.cbs.onclosetag?.('br', false);
    }
    this.startIndex = endIndex + 1;
  }

  onselfclosingtag(endIndex: number): void {
    this.endIndex = endIndex;
    if (this.recognizeSelfClosing || this.isInForeignContext()) {
      this.closeCurrentTag(false);
      this.startIndex = endIndex + 1;
    } else this.onopentagend(endIndex);
  }

  onattribname(start: number, endIndex: number): void {
    this.startIndex = start;
    if (this.attribCount >= (this.options.maxAttributes ?? Infinity)) {
      this.skipAttribute = true;
      this.attributesDropped = true;
      return;
    }
    const known = this.document === null ? undefined : ATTRIBUTES.lookup(this.document, start, endIndex);
    if (known !== undefined) {
      this.attribname = known;
      return;
    }
    const name = this.slice(start, endIndex);
    this.attribname = this.lowerCaseAttributeNames ? name.toLowerCase() : name;
  }

  onattribdata(start: number, endIndex: number): void {
    if (this.skipAttribute) return;
    this.attribvalue += this.slice(start, endIndex);
  }

  onattribentity(cp: number): void {
    if (this.skipAttribute) return;
    this.attribvalue += String.fromCodePoint(cp);
  }

  onattribend(_quote: QuoteType, endIndex: number): void {
    this.endIndex = endIndex;
    if (this.skipAttribute) this.skipAttribute = false;
    // The first of repeated attributes wins, as in browsers.
    else if (this.attribs && !Object.hasOwn(this.attribs, this.attribname)) {
      if (this.attribs === NO_ATTRIBUTES) this.attribs = {};
      const name = this.attribname;
      const value = this.attribvalue;
      this.attribs[name] = value;
      this.attribCount += 1;
      if (!this.marked) this.marked = isHandlerName(name) || value.includes('<');
    }
    this.attribvalue = '';
  }

  ondeclaration(start: number, endIndex: number): void {
    this.endIndex = endIndex;
    const value = this.slice(start, endIndex);
    if (this.cbs.onprocessinginstruction) {
      const name = this.html ? (this.lowerCaseTagNames ? 'doctype' : value.slice(0, 7)) : this.instructionName(value);
      this.cbs.onprocessinginstruction(`!${name}`, `!${value}`);
    }
    this.startIndex = endIndex + 1;
  }

  onprocessinginstruction(start: number, endIndex: number): void {
    this.endIndex = endIndex;
    const value = this.slice(start, endIndex);
    this.cbs.onprocessinginstruction?.(`?${this.instructionName(value)}`, `?${value}`);
    this.startIndex = endIndex + 1;
  }

  oncomment(start: number, endIndex: number, offset: number): void {
    this.endIndex = endIndex;
    this.cbs.oncomment?.(this.slice(start, endIndex - offset));
    this.cbs.oncommentend?.();
    this.startIndex = endIndex + 1;
  }

  oncdata(start: number, endIndex: number, offset: number): void {
    this.endIndex = endIndex;
    const value = this.slice(start, endIndex - offset);
    if (!this.html) {
      this.cbs.oncdatastart?.();
      this.cbs.ontext?.(value);
      this.cbs.oncdataend?.();
    } else if (this.isInForeignContext()) this.cbs.ontext?.(value);
    else {
      this.cbs.oncomment?.(`[CDATA[${value}]]`);
      this.cbs.oncommentend?.();
    }
    this.startIndex = endIndex + 1;
  }

  onend(): void {
    this.endIndex = this.startIndex;
    // Innermost first, as htmlparser2 reports them; the stack itself is left as it is.
    this.stack.forEachInnermostFirst((name) => this.cbs.onclosetag?.(name, true));
  }

  /** Text between two offsets of the whole stream; the tokenizer never asks for text before its section. */
  private slice(start: number, end: number): string {
    if (start === end) return '';
    const { chunks } = this;
    while (chunks.length > 1 && start - this.chunksOffset >= chunks[0]!.length) {
      this.chunksOffset += chunks[0]!.length;
      chunks.shift();
    }
    const first = chunks[0] ?? '';
    const from = start - this.chunksOffset;
    if (end - this.chunksOffset <= first.length) return first.slice(from, end - this.chunksOffset);
    let out = first.slice(from);
    let at = this.chunksOffset + first.length;
    for (let i = 1; i < chunks.length && at < end; i++) {
      const chunk = chunks[i]!;
      out += chunk.slice(0, end - at);
      at += chunk.length;
    }
    return out;
  }

  private isVoid(name: string): boolean {
    return this.html && VOID_ELEMENTS.has(name);
  }

  private readTagName(start: number, endIndex: number): string {
    let name = this.document === null ? undefined : TAGS.lookup(this.document, start, endIndex);
    if (name === undefined) {
      const raw = this.slice(start, endIndex);
      name = this.intern(this.lowerCaseTagNames ? raw.toLowerCase() : raw);
    }
    if (!(this.lowerCaseTagNames && this.html)) return name;
    if (this.foreign[this.foreign.length - 1] === SVG) return SVG_TAG_NAMES.get(name) ?? name;
    if (this.foreign.length > 1) {
      // An end tag of an SVG element from inside an integration point: match the name it was opened with.
      const adjusted = SVG_TAG_NAMES.get(name);
      if (adjusted !== undefined && this.stack.has(adjusted)) return adjusted;
    }
    if (!this.isInForeignContext()) return name === 'image' ? 'img' : name;
    return name;
  }

  private emitOpenTag(name: string): void {
    this.openTagStart = this.startIndex;
    this.tagname = name;
    // A second `<form>` inside one is ignored, as browsers do.
    if (this.html && name === 'form' && this.stack.has('form')) {
      this.tagname = '';
      return;
    }
    const impliesClose = this.html ? OPEN_IMPLIES_CLOSE.get(name) : undefined;
    if (impliesClose) {
      while (this.stack.size > 0 && impliesClose.has(this.stack.top() as string)) this.popElement(true);
    }
    if (!this.isVoid(name)) {
      this.stack.push(name);
      if (this.html) {
        if (name === 'svg') this.foreign.push(SVG);
        else if (name === 'math') this.foreign.push(MATHML);
        else if (HTML_INTEGRATION.has(name)) this.foreign.push(NONE);
      }
    }
    this.attribs = NO_ATTRIBUTES;
    this.attribCount = 0;
    this.marked = false;
  }

  private endOpenTag(isImplied: boolean): void {
    this.startIndex = this.openTagStart;
    if (this.attribs) {
      this.cbs.onopentag?.(this.tagname, this.attribs, isImplied, this.marked);
      this.attribs = null;
    }
    if (this.isVoid(this.tagname)) this.cbs.onclosetag?.(this.tagname, true);
    this.tagname = '';
  }

  private popElement(implied: boolean): void {
    const element = this.stack.pop() as string;
    if (this.html && (FOREIGN_ROOTS.has(element) || HTML_INTEGRATION.has(element))) this.foreign.pop();
    this.cbs.onclosetag?.(element, implied);
  }

  private closeCurrentTag(isOpenImplied: boolean): void {
    const name = this.tagname;
    this.endOpenTag(isOpenImplied);
    // Self-closing tags are on the top of the stack.
    if (this.stack.top() === name) this.popElement(!isOpenImplied);
  }

  /**
   * One string per tag name: the stack holds a name per open element, and a fresh copy for each one
   * of a hostile page's millions was most of the garbage collector's work. Bounded, as names are
   * the page's to choose.
   */
  private intern(name: string): string {
    const known = this.names.get(name);
    if (known !== undefined) return known;
    if (this.names.size < MAX_INTERNED) this.names.set(name, name);
    return name;
  }

  private instructionName(value: string): string {
    const index = value.search(NAME_END);
    const name = index < 0 ? value : value.slice(0, index);
    return this.lowerCaseTagNames ? name.toLowerCase() : name;
  }
}

/** `on` and at least one more character: an event handler attribute's name. */
function isHandlerName(name: string): boolean {
  return name.length > 2 && name.charCodeAt(0) === 111 && name.charCodeAt(1) === 110;
}
