import type { QuoteType, TokenizerCallbacks } from 'htmlparser2';
import * as chars from './html-tokenizer-chars.ts';
import { MarkupStates } from './html-tokenizer-markup.ts';

// Copied into module-local constants once, as they are read for every character (whether a read of an
// imported binding costs more was not settled: see docs/benchmarks.md, bench:analysis, fifth sitting).
const {
  AFTER_ATTRIBUTE_NAME,
  AFTER_CLOSING_TAG_NAME,
  AMP,
  BEFORE_ATTRIBUTE_NAME,
  BEFORE_ATTRIBUTE_VALUE,
  BEFORE_CLOSING_TAG_NAME,
  BEFORE_COMMENT,
  BEFORE_DECLARATION,
  BEFORE_TAG_NAME,
  CARRIAGE_RETURN,
  CDATA_SEQUENCE,
  DECLARATION_SEQUENCE,
  DOUBLE_QUOTE,
  EQ,
  EXCLAMATION,
  GT,
  IN_ATTRIBUTE_NAME,
  IN_ATTRIBUTE_VALUE_DQ,
  IN_ATTRIBUTE_VALUE_NQ,
  IN_ATTRIBUTE_VALUE_SQ,
  IN_CLOSING_TAG_NAME,
  IN_COMMENT_LIKE,
  IN_DECLARATION,
  IN_ENTITY,
  IN_PLAIN_TEXT,
  IN_SELF_CLOSING_TAG,
  IN_SPECIAL_COMMENT,
  IN_SPECIAL_TAG,
  IN_TAG_NAME,
  LT,
  QUESTION,
  SEQUENCES,
  SINGLE_QUOTE,
  SLASH,
  SPACE,
  SPECIAL_START,
  SPECIAL_START_SEQUENCE,
  TAB,
  TEXT,
  isAsciiAlpha,
  isEndOfTagSection,
  isWhitespace,
} = chars;

// htmlparser2's `QuoteType`s, as numbers of our own for the same reason.
const NO_VALUE = 0 as QuoteType;
const UNQUOTED = 1 as QuoteType;
const SINGLE = 2 as QuoteType;
const DOUBLE = 3 as QuoteType;

/**
 * A tokenizer for an HTML document read whole, reporting the same callbacks at the same offsets as
 * htmlparser2 12's `Tokenizer` in HTML mode (a differential test and `npm run check:tokenizer`
 * compare the two). htmlparser2 calls a state function for every character of the page; here a
 * state that would only step over characters jumps over the whole run at once: text to the next `<`
 * or `&`, a quoted value to its quote or `&`, a name to its end, raw text to the next `<`. That, and
 * not decoding anything until a `&` is seen, is what makes it cheaper. XML and documents fed in
 * pieces keep htmlparser2's tokenizer (sitemaps and feeds are not the hot path).
 */
export class HtmlTokenizer extends MarkupStates {
  constructor(
    cbs: TokenizerCallbacks,
    private readonly decodeEntities = true,
    private readonly recognizeSelfClosing = false,
  ) {
    super(cbs);
  }

  /** Tokenize a whole document, then report its end (one call per tokenizer). */
  tokenize(html: string): void {
    this.buffer = html;
    this.parse();
    this.finish();
  }

  private parse(): void {
    const { buffer } = this;
    while (this.index < buffer.length) {
      const c = buffer.charCodeAt(this.index);
      this.step(c);
      this.index++;
      this.work++;
    }
    this.cleanup();
  }

  // One state per case, as htmlparser2 dispatches; the frequent ones first.
  private step(c: number): void {
    switch (this.state) {
      case TEXT:
        return this.stateText(c);
      case IN_ATTRIBUTE_VALUE_DQ:
        return this.stateInQuotedValue(c, DOUBLE_QUOTE);
      case IN_ATTRIBUTE_NAME:
        return this.stateInAttributeName(c);
      case BEFORE_ATTRIBUTE_NAME:
        return this.stateBeforeAttributeName(c);
      case IN_TAG_NAME:
        return this.stateInTagName(c);
      case BEFORE_TAG_NAME:
        return this.stateBeforeTagName(c);
      case IN_CLOSING_TAG_NAME:
        return this.stateInClosingTagName(c);
      case AFTER_ATTRIBUTE_NAME:
        return this.stateAfterAttributeName(c);
      case BEFORE_ATTRIBUTE_VALUE:
        return this.stateBeforeAttributeValue(c);
      case IN_SPECIAL_TAG:
        return this.stateInSpecialTag(c);
      case SPECIAL_START_SEQUENCE:
        return this.stateSpecialStartSequence(c);
      case IN_ATTRIBUTE_VALUE_SQ:
        return this.stateInQuotedValue(c, SINGLE_QUOTE);
      case IN_ATTRIBUTE_VALUE_NQ:
        return this.stateInUnquotedValue(c);
      case IN_COMMENT_LIKE:
        return this.stateInCommentLike(c);
      case IN_SPECIAL_COMMENT:
        return this.stateInSpecialComment(c);
      case BEFORE_CLOSING_TAG_NAME:
        return this.stateBeforeClosingTagName(c);
      case AFTER_CLOSING_TAG_NAME:
        return this.stateAfterClosingTagName(c);
      case IN_SELF_CLOSING_TAG:
        return this.stateInSelfClosingTag(c);
      case IN_ENTITY:
        return this.stateInEntity();
      case BEFORE_DECLARATION:
        return this.stateBeforeDeclaration(c);
      case DECLARATION_SEQUENCE:
        return this.stateDeclarationSequence(c);
      case CDATA_SEQUENCE:
        return this.stateCdataSequence(c);
      case BEFORE_COMMENT:
        return this.stateBeforeComment(c);
      case IN_DECLARATION:
        return this.stateInDeclaration(c);
      case IN_PLAIN_TEXT:
        this.index = this.buffer.length - 1;
        return;
    }
  }

  /** Move so that the loop's next character is the first at or after `index + 1` that `stop` accepts. */
  private skipUntil(stop: (c: number) => boolean): void {
    const { buffer } = this;
    let i = this.index + 1;
    while (i < buffer.length && !stop(buffer.charCodeAt(i))) i++;
    this.moveBefore(i);
  }

  /**
   * `skipUntil` for the frequent runs (names and unquoted values), written out so that each loop
   * calls no function per character. `equals` also ends the run (0 for none), as does `&` if `amp`.
   */
  private skipName(equals: number, amp: boolean): void {
    const { buffer } = this;
    let i = this.index + 1;
    for (; i < buffer.length; i++) {
      const c = buffer.charCodeAt(i);
      if (c === SPACE || c === GT || c === SLASH || c === equals || (amp && c === AMP)) break;
      if (c <= CARRIAGE_RETURN && c >= TAB && c !== 0x0b) break;
    }
    this.moveBefore(i);
  }

  private moveBefore(i: number): void {
    this.work += i - this.index;
    this.index = i - 1;
  }

  private stateText(c: number): void {
    if (c === LT) {
      if (this.index > this.sectionStart) this.cbs.ontext(this.sectionStart, this.index);
      this.state = BEFORE_TAG_NAME;
      this.sectionStart = this.index;
    } else if (this.decodeEntities && c === AMP) this.startEntity();
    else {
      const lt = this.nextOf(LT);
      this.index = (this.decodeEntities ? Math.min(lt, this.nextOf(AMP)) : lt) - 1;
    }
  }

  private enterTagBody(): void {
    if (this.currentSequence === SEQUENCES.plaintext) {
      this.currentSequence = SEQUENCES.empty;
      this.state = IN_PLAIN_TEXT;
    } else if (this.isSpecial) {
      this.state = IN_SPECIAL_TAG;
      this.sequenceIndex = 0;
    } else this.state = TEXT;
  }

  /** The name of an open tag against the raw-text and RCDATA elements' names (htmlparser2's way). */
  private stateSpecialStartSequence(c: number): void {
    const lower = c | 0x20;
    const sequence = this.currentSequence;
    if (this.sequenceIndex < sequence.length) {
      if (lower === sequence[this.sequenceIndex]) {
        this.sequenceIndex++;
        return;
      }
      const alternate = this.alternateSequence(lower);
      if (alternate) {
        this.currentSequence = alternate;
        this.sequenceIndex += 1;
        return;
      }
    } else if (isEndOfTagSection(c)) {
      this.sequenceIndex = 0;
      this.state = IN_TAG_NAME;
      this.stateInTagName(c);
      return;
    }
    this.isSpecial = false;
    this.currentSequence = SEQUENCES.empty;
    this.sequenceIndex = 0;
    this.state = IN_TAG_NAME;
    this.stateInTagName(c);
  }

  /** `script`/`style`, `title`/`textarea` and `noembed`/`noframes` part at their first different letter. */
  private alternateSequence(lower: number): Uint8Array | undefined {
    const { currentSequence: sequence, sequenceIndex: at } = this;
    if (at === 3) {
      if (sequence === SEQUENCES.scriptEnd && lower === SEQUENCES.styleEnd[3]) return SEQUENCES.styleEnd;
      if (sequence === SEQUENCES.titleEnd && lower === SEQUENCES.textareaEnd[3]) return SEQUENCES.textareaEnd;
    } else if (at === 4 && sequence === SEQUENCES.noembedEnd && lower === SEQUENCES.noframesEnd[4]) {
      return SEQUENCES.noframesEnd;
    }
    return undefined;
  }

  /** Raw text (script, style...) and RCDATA (title, textarea), up to their own end tag. */
  private stateInSpecialTag(c: number): void {
    const sequence = this.currentSequence;
    if (this.sequenceIndex === sequence.length) {
      if (isEndOfTagSection(c)) {
        const endOfText = this.index - sequence.length;
        if (this.sectionStart < endOfText) this.cbs.ontext(this.sectionStart, endOfText);
        this.isSpecial = false;
        this.sectionStart = endOfText + 2;
        this.stateInClosingTagName(c);
        return;
      }
      this.sequenceIndex = 0;
    }
    if ((c | 0x20) === sequence[this.sequenceIndex]) this.sequenceIndex += 1;
    else if (this.sequenceIndex === 0) {
      if (sequence === SEQUENCES.titleEnd || sequence === SEQUENCES.textareaEnd) {
        // RCDATA decodes entities while it looks for its end tag; `| 0x20` makes U+001C a `<` too.
        if (this.decodeEntities && c === AMP) this.startEntity();
        else this.skipUntil((d) => (d | 0x20) === LT || (this.decodeEntities && d === AMP));
      } else if (this.fastForwardTo(LT)) this.sequenceIndex = 1;
    } else this.sequenceIndex = Number(c === LT);
  }

  private stateBeforeTagName(c: number): void {
    if (c === EXCLAMATION) {
      this.state = BEFORE_DECLARATION;
      this.sectionStart = this.index + 1;
    } else if (c === QUESTION) {
      this.state = IN_SPECIAL_COMMENT;
      this.sectionStart = this.index;
    } else if (isAsciiAlpha(c)) {
      this.sectionStart = this.index;
      const special = this.cbs.isInForeignContext?.() ? undefined : SPECIAL_START.get(c | 0x20);
      if (special === undefined) this.state = IN_TAG_NAME;
      else {
        this.isSpecial = true;
        this.currentSequence = special;
        this.sequenceIndex = 3;
        this.state = SPECIAL_START_SEQUENCE;
      }
    } else if (c === SLASH) this.state = BEFORE_CLOSING_TAG_NAME;
    else {
      this.state = TEXT;
      this.stateText(c);
    }
  }

  private stateInTagName(c: number): void {
    if (isEndOfTagSection(c)) {
      this.cbs.onopentagname(this.sectionStart, this.index);
      this.sectionStart = -1;
      this.state = BEFORE_ATTRIBUTE_NAME;
      this.stateBeforeAttributeName(c);
    } else this.skipName(0, false);
  }

  private stateBeforeClosingTagName(c: number): void {
    if (isWhitespace(c)) {
      this.state = IN_SPECIAL_COMMENT;
      this.sectionStart = this.index;
    } else if (c === GT) {
      this.state = TEXT;
      this.sectionStart = this.index + 1;
    } else {
      this.state = isAsciiAlpha(c) ? IN_CLOSING_TAG_NAME : IN_SPECIAL_COMMENT;
      this.sectionStart = this.index;
    }
  }

  private stateInClosingTagName(c: number): void {
    if (isEndOfTagSection(c)) {
      this.cbs.onclosetag(this.sectionStart, this.index);
      this.sectionStart = -1;
      this.state = AFTER_CLOSING_TAG_NAME;
      this.stateAfterClosingTagName(c);
    } else this.skipName(0, false);
  }

  private stateAfterClosingTagName(c: number): void {
    if (c === GT || this.fastForwardTo(GT)) {
      this.state = TEXT;
      this.sectionStart = this.index + 1;
    }
  }

  private stateBeforeAttributeName(c: number): void {
    if (c === GT) {
      this.cbs.onopentagend(this.index);
      this.enterTagBody();
      this.sectionStart = this.index + 1;
    } else if (c === SLASH) this.state = IN_SELF_CLOSING_TAG;
    else if (!isWhitespace(c)) {
      // The first character is part of the name even if it is `=` (htmlparser2 does not reconsume it).
      this.state = IN_ATTRIBUTE_NAME;
      this.sectionStart = this.index;
      this.skipName(EQ, false);
    }
  }

  private stateInSelfClosingTag(c: number): void {
    if (c === GT) {
      this.cbs.onselfclosingtag(this.index);
      this.sectionStart = this.index + 1;
      if (!this.recognizeSelfClosing) {
        this.enterTagBody();
        return;
      }
      this.state = TEXT;
      this.isSpecial = false;
      this.currentSequence = SEQUENCES.empty;
    } else if (!isWhitespace(c)) {
      this.state = BEFORE_ATTRIBUTE_NAME;
      this.stateBeforeAttributeName(c);
    }
  }

  private stateInAttributeName(c: number): void {
    if (c === EQ || isEndOfTagSection(c)) {
      this.cbs.onattribname(this.sectionStart, this.index);
      this.sectionStart = this.index;
      this.state = AFTER_ATTRIBUTE_NAME;
      this.stateAfterAttributeName(c);
    } else this.skipName(EQ, false);
  }

  private stateAfterAttributeName(c: number): void {
    if (c === EQ) this.state = BEFORE_ATTRIBUTE_VALUE;
    else if (c === SLASH || c === GT) {
      this.cbs.onattribend(NO_VALUE, this.sectionStart);
      this.sectionStart = -1;
      this.state = BEFORE_ATTRIBUTE_NAME;
      this.stateBeforeAttributeName(c);
    } else if (!isWhitespace(c)) {
      this.cbs.onattribend(NO_VALUE, this.sectionStart);
      this.state = IN_ATTRIBUTE_NAME;
      this.sectionStart = this.index;
      this.skipName(EQ, false);
    }
  }

  private stateBeforeAttributeValue(c: number): void {
    if (c === DOUBLE_QUOTE) {
      this.state = IN_ATTRIBUTE_VALUE_DQ;
      this.sectionStart = this.index + 1;
    } else if (c === SINGLE_QUOTE) {
      this.state = IN_ATTRIBUTE_VALUE_SQ;
      this.sectionStart = this.index + 1;
    } else if (!isWhitespace(c)) {
      this.sectionStart = this.index;
      this.state = IN_ATTRIBUTE_VALUE_NQ;
      this.stateInUnquotedValue(c);
    }
  }

  private stateInQuotedValue(c: number, quote: number): void {
    if (c === quote) {
      this.cbs.onattribdata(this.sectionStart, this.index);
      this.sectionStart = -1;
      this.cbs.onattribend(quote === DOUBLE_QUOTE ? DOUBLE : SINGLE, this.index + 1);
      this.state = BEFORE_ATTRIBUTE_NAME;
    } else if (this.decodeEntities && c === AMP) this.startEntity();
    else {
      const end = this.nextOf(quote);
      this.index = (this.decodeEntities ? Math.min(end, this.nextOf(AMP)) : end) - 1;
    }
  }

  private stateInUnquotedValue(c: number): void {
    if (isWhitespace(c) || c === GT) {
      this.cbs.onattribdata(this.sectionStart, this.index);
      this.sectionStart = -1;
      this.cbs.onattribend(UNQUOTED, this.index);
      this.state = BEFORE_ATTRIBUTE_NAME;
      this.stateBeforeAttributeName(c);
    } else if (this.decodeEntities && c === AMP) this.startEntity();
    else this.skipName(-1, this.decodeEntities);
  }
}
