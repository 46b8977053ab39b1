import { DecodingMode, EntityDecoder, htmlDecodeTree } from 'entities/decode';
import type { TokenizerCallbacks } from 'htmlparser2';
import * as chars from './html-tokenizer-chars.ts';

// Copied into module-local constants once, as they are read for every character (whether a read of an
// imported binding costs more was not settled: see docs/benchmarks.md, bench:analysis, fifth sitting).
const {
  BEFORE_COMMENT,
  BEFORE_DECLARATION,
  CDATA_SEQUENCE,
  DASH,
  DECLARATION_SEQUENCE,
  GT,
  IN_COMMENT_LIKE,
  IN_DECLARATION,
  IN_ENTITY,
  IN_SPECIAL_COMMENT,
  IN_SPECIAL_TAG,
  OPENING_SQUARE_BRACKET,
  SEQUENCES,
  TEXT,
  AMP,
  INSIDE_TAG,
  IN_PLAIN_TEXT,
  IN_ATTRIBUTE_VALUE_DQ,
  IN_ATTRIBUTE_VALUE_SQ,
  IN_ATTRIBUTE_VALUE_NQ,
} = chars;

/** One-character strings of ASCII, made once (`indexOf` takes a string). */
const ASCII = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code));

/**
 * The shared state of the HTML tokenizer and the states it seldom visits: comments, CDATA,
 * declarations, bogus comments and character references. `html-tokenizer.ts` adds the hot states
 * (text, tags, attributes, raw text). Each state handles the character at `index` exactly as
 * htmlparser2 12's `Tokenizer` does; where htmlparser2 would step through characters that change
 * nothing, these jump with `indexOf`, whose result is kept until the scan passes it, so a page of a
 * million `<!` costs one pass over the page, not a million.
 */
export abstract class MarkupStates {
  protected state = TEXT;
  protected buffer = '';
  protected sectionStart = 0;
  protected index = 0;
  protected entityStart = 0;
  protected baseState = TEXT;
  protected isSpecial = false;
  protected currentSequence: Uint8Array = SEQUENCES.empty;
  protected sequenceIndex = 0;
  private readonly decoder: EntityDecoder;
  /** Where the next `>`, `-`, `]` and `<` are (at or after the last look), or the end of the buffer. */
  private readonly next = new Int32Array(128).fill(-1);
  /**
   * Characters looked at so far, counting each scan (so a test can prove the work grows linearly
   * with the document on hostile input without timing anything).
   */
  work = 0;

  constructor(protected readonly cbs: TokenizerCallbacks) {
    this.decoder = new EntityDecoder(htmlDecodeTree, (cp, consumed) => this.emitCodePoint(cp, consumed));
  }

  /** The position of the next `code` (ASCII) at or after `index + 1`, or the buffer's length. */
  protected nextOf(code: number): number {
    const from = this.index + 1;
    let at = this.next[code]!;
    if (at < from) {
      at = this.buffer.indexOf(ASCII[code]!, from);
      if (at < 0) at = this.buffer.length;
      this.next[code] = at;
      this.work += at - from + 1;
    }
    return at;
  }

  /** htmlparser2's `fastForwardTo`: move to the next `code`, or to the last character if none. */
  protected fastForwardTo(code: number): boolean {
    const at = this.nextOf(code);
    if (at < this.buffer.length) {
      this.index = at;
      return true;
    }
    this.index = this.buffer.length - 1;
    return false;
  }

  protected emitComment(offset: number): void {
    this.cbs.oncomment(this.sectionStart, this.index, offset);
    this.sequenceIndex = 0;
    this.sectionStart = this.index + 1;
    this.state = TEXT;
  }

  /** After `<!`: a comment, CDATA, a doctype or a bogus comment. */
  protected stateBeforeDeclaration(c: number): void {
    if (c === OPENING_SQUARE_BRACKET) {
      this.state = CDATA_SEQUENCE;
      this.sequenceIndex = 0;
    } else if ((c | 0x20) === SEQUENCES.doctype[0]) {
      this.state = DECLARATION_SEQUENCE;
      this.currentSequence = SEQUENCES.doctype;
      this.sequenceIndex = 1;
    } else if (c === GT) this.emitBogusEnd();
    else if (c === DASH) this.state = BEFORE_COMMENT;
    else this.state = IN_SPECIAL_COMMENT;
  }

  protected stateDeclarationSequence(c: number): void {
    if (this.sequenceIndex === this.currentSequence.length) {
      this.state = IN_DECLARATION;
      this.stateInDeclaration(c);
    } else if ((c | 0x20) === this.currentSequence[this.sequenceIndex]) this.sequenceIndex += 1;
    else if (c === GT) this.emitBogusEnd();
    else this.state = IN_SPECIAL_COMMENT;
  }

  protected stateCdataSequence(c: number): void {
    if (c === SEQUENCES.cdata[this.sequenceIndex]) {
      if (++this.sequenceIndex === SEQUENCES.cdata.length) {
        this.state = IN_COMMENT_LIKE;
        this.currentSequence = SEQUENCES.cdataEnd;
        this.sequenceIndex = 0;
        this.sectionStart = this.index + 1;
      }
    } else {
      this.sequenceIndex = 0;
      this.state = IN_SPECIAL_COMMENT;
      this.stateInSpecialComment(c);
    }
  }

  protected stateInDeclaration(c: number): void {
    if (c === GT || this.fastForwardTo(GT)) {
      this.cbs.ondeclaration(this.sectionStart, this.index);
      this.state = TEXT;
      this.sectionStart = this.index + 1;
    }
  }

  protected stateBeforeComment(c: number): void {
    if (c === DASH) {
      this.state = IN_COMMENT_LIKE;
      this.currentSequence = SEQUENCES.commentEnd;
      this.sequenceIndex = 0;
      this.sectionStart = this.index + 1;
    } else if (c === GT) this.emitBogusEnd();
    else this.state = IN_SPECIAL_COMMENT;
  }

  protected stateInSpecialComment(c: number): void {
    if (c === GT || this.fastForwardTo(GT)) this.emitBogusEnd();
  }

  private emitBogusEnd(): void {
    this.cbs.oncomment(this.sectionStart, this.index, 0);
    this.state = TEXT;
    this.sectionStart = this.index + 1;
  }

  /** Comments end with `-->` (or `--!>`, or `<!-->` at once), CDATA with `]]>`. */
  protected stateInCommentLike(c: number): void {
    const sequence = this.currentSequence;
    const isComment = sequence === SEQUENCES.commentEnd;
    if (isComment && this.sequenceIndex <= 1 && this.index === this.sectionStart + this.sequenceIndex && c === GT) {
      this.emitComment(this.sequenceIndex);
    } else if (isComment && this.sequenceIndex === 2 && c === GT) this.emitComment(2);
    else if (isComment && this.sequenceIndex === sequence.length - 1 && c !== GT) {
      this.sequenceIndex = Number(c === DASH);
    } else if (c === sequence[this.sequenceIndex]) {
      if (++this.sequenceIndex === sequence.length) {
        if (sequence === SEQUENCES.cdataEnd) this.cbs.oncdata(this.sectionStart, this.index, 2);
        else this.cbs.oncomment(this.sectionStart, this.index, 3);
        this.sequenceIndex = 0;
        this.sectionStart = this.index + 1;
        this.state = TEXT;
      }
    } else if (this.sequenceIndex === 0) {
      if (this.fastForwardTo(sequence[0]!)) this.sequenceIndex = 1;
    } else if (c !== sequence[this.sequenceIndex - 1]) this.sequenceIndex = 0;
  }

  protected startEntity(): void {
    this.baseState = this.state;
    this.state = IN_ENTITY;
    this.entityStart = this.index;
    this.decoder.startEntity(
      this.baseState === TEXT || this.baseState === IN_SPECIAL_TAG ? DecodingMode.Legacy : DecodingMode.Attribute,
    );
  }

  protected stateInEntity(): void {
    const length = this.decoder.write(this.buffer, this.index);
    if (length >= 0) {
      this.state = this.baseState;
      if (length === 0) this.index -= 1;
    } else if (this.index < this.buffer.length && this.buffer.charCodeAt(this.index) === AMP) {
      this.state = this.baseState;
      this.index -= 1;
    } else this.index = this.buffer.length - 1;
  }

  /** The end of the document inside a character reference: what the decoder holds is emitted. */
  protected endEntity(): void {
    if (this.state !== IN_ENTITY) return;
    this.decoder.end();
    this.state = this.baseState;
  }

  /** A comment, CDATA or declaration left open at the end of the document; true if it was one. */
  protected trailingMarkup(endIndex: number): boolean {
    if (this.state === IN_COMMENT_LIKE) {
      if (this.currentSequence === SEQUENCES.cdataEnd) {
        // Unclosed CDATA is a bogus comment in HTML.
        this.cbs.oncomment(this.sectionStart - SEQUENCES.cdata.length - 1, endIndex, 0);
      } else {
        const offset = Math.min(this.sequenceIndex, SEQUENCES.commentEnd.length - 1);
        this.cbs.oncomment(this.sectionStart, endIndex, offset);
      }
      return true;
    }
    switch (this.state) {
      case BEFORE_DECLARATION:
      case IN_SPECIAL_COMMENT:
      case BEFORE_COMMENT:
      case CDATA_SEQUENCE:
        this.cbs.oncomment(this.sectionStart, endIndex, 0);
        return true;
      case DECLARATION_SEQUENCE:
        if (this.sequenceIndex !== SEQUENCES.doctype.length) this.cbs.oncomment(this.sectionStart, endIndex, 0);
        return true;
      case IN_DECLARATION:
        return true;
      default:
        return false;
    }
  }

  /** What is left in text or a value when the document ends is reported (htmlparser2's `cleanup`). */
  protected cleanup(): void {
    if (this.sectionStart === this.index) return;
    const { state } = this;
    if (state === TEXT || state === IN_PLAIN_TEXT || (state === IN_SPECIAL_TAG && this.sequenceIndex === 0)) {
      this.cbs.ontext(this.sectionStart, this.index);
      this.sectionStart = this.index;
    } else if (state === IN_ATTRIBUTE_VALUE_DQ || state === IN_ATTRIBUTE_VALUE_SQ || state === IN_ATTRIBUTE_VALUE_NQ) {
      this.cbs.onattribdata(this.sectionStart, this.index);
      this.sectionStart = this.index;
    }
  }

  protected finish(): void {
    this.endEntity();
    const endIndex = this.buffer.length;
    if (!this.trailingMarkup(endIndex) && this.sectionStart < endIndex && !INSIDE_TAG.has(this.state)) {
      this.cbs.ontext(this.sectionStart, endIndex);
    }
    this.cbs.onend();
  }

  private emitCodePoint(cp: number, consumed: number): void {
    if (this.baseState !== TEXT && this.baseState !== IN_SPECIAL_TAG) {
      if (this.sectionStart < this.entityStart) this.cbs.onattribdata(this.sectionStart, this.entityStart);
      this.sectionStart = this.entityStart + consumed;
      this.index = this.sectionStart - 1;
      this.cbs.onattribentity(cp);
    } else {
      if (this.sectionStart < this.entityStart) this.cbs.ontext(this.sectionStart, this.entityStart);
      this.sectionStart = this.entityStart + consumed;
      this.index = this.sectionStart - 1;
      this.cbs.ontextentity(cp, this.sectionStart);
    }
  }
}
