/**
 * Character codes, states and end sequences of the HTML tokenizer (`html-tokenizer.ts`). The states
 * and sequences are htmlparser2 12's, so that the two can be compared event for event.
 */
export const TAB = 0x09;
export const NEW_LINE = 0x0a;
export const FORM_FEED = 0x0c;
export const CARRIAGE_RETURN = 0x0d;
export const SPACE = 0x20;
export const EXCLAMATION = 0x21;
export const DOUBLE_QUOTE = 0x22;
export const AMP = 0x26;
export const SINGLE_QUOTE = 0x27;
export const DASH = 0x2d;
export const SLASH = 0x2f;
export const LT = 0x3c;
export const EQ = 0x3d;
export const GT = 0x3e;
export const QUESTION = 0x3f;
export const OPENING_SQUARE_BRACKET = 0x5b;

export const TEXT = 1;
export const BEFORE_TAG_NAME = 2;
export const IN_TAG_NAME = 3;
export const IN_SELF_CLOSING_TAG = 4;
export const BEFORE_CLOSING_TAG_NAME = 5;
export const IN_CLOSING_TAG_NAME = 6;
export const AFTER_CLOSING_TAG_NAME = 7;
export const BEFORE_ATTRIBUTE_NAME = 8;
export const IN_ATTRIBUTE_NAME = 9;
export const AFTER_ATTRIBUTE_NAME = 10;
export const BEFORE_ATTRIBUTE_VALUE = 11;
export const IN_ATTRIBUTE_VALUE_DQ = 12;
export const IN_ATTRIBUTE_VALUE_SQ = 13;
export const IN_ATTRIBUTE_VALUE_NQ = 14;
export const BEFORE_DECLARATION = 15;
export const IN_DECLARATION = 16;
export const BEFORE_COMMENT = 17;
export const CDATA_SEQUENCE = 18;
export const DECLARATION_SEQUENCE = 19;
export const IN_SPECIAL_COMMENT = 20;
export const IN_COMMENT_LIKE = 21;
export const SPECIAL_START_SEQUENCE = 22;
export const IN_SPECIAL_TAG = 23;
export const IN_PLAIN_TEXT = 24;
export const IN_ENTITY = 25;

/** Whitespace as the tokenizer counts it (HTML's, without NUL). */
export function isWhitespace(c: number): boolean {
  return c === SPACE || c === NEW_LINE || c === TAB || c === FORM_FEED || c === CARRIAGE_RETURN;
}

/** Whether `c` ends a tag or attribute name. */
export function isEndOfTagSection(c: number): boolean {
  return c === SLASH || c === GT || isWhitespace(c);
}

export function isAsciiAlpha(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

const bytes = (text: string): Uint8Array => Uint8Array.from(text, (ch) => ch.charCodeAt(0));

/** The sequences matched character by character (lower-cased with `| 0x20`, as htmlparser2 does). */
export const SEQUENCES = {
  empty: new Uint8Array(0),
  cdata: bytes('CDATA['),
  cdataEnd: bytes(']]>'),
  commentEnd: bytes('--!>'),
  doctype: bytes('doctype'),
  iframeEnd: bytes('</iframe'),
  noembedEnd: bytes('</noembed'),
  noframesEnd: bytes('</noframes'),
  plaintext: bytes('</plaintext'),
  scriptEnd: bytes('</script'),
  styleEnd: bytes('</style'),
  titleEnd: bytes('</title'),
  textareaEnd: bytes('</textarea'),
  xmpEnd: bytes('</xmp'),
} as const;

/** The end sequence of a raw-text or RCDATA element, by the first letter of its name (index 2). */
export const SPECIAL_START = new Map<number, Uint8Array>(
  [
    SEQUENCES.iframeEnd,
    SEQUENCES.noembedEnd,
    SEQUENCES.plaintext,
    SEQUENCES.scriptEnd,
    SEQUENCES.titleEnd,
    SEQUENCES.xmpEnd,
  ].map((sequence) => [sequence[2]!, sequence]),
);

/** In these states at the end of the document, the tag left open is dropped, as htmlparser2 drops it. */
export const INSIDE_TAG = new Set([
  IN_TAG_NAME,
  BEFORE_ATTRIBUTE_NAME,
  BEFORE_ATTRIBUTE_VALUE,
  AFTER_ATTRIBUTE_NAME,
  IN_ATTRIBUTE_NAME,
  IN_ATTRIBUTE_VALUE_SQ,
  IN_ATTRIBUTE_VALUE_DQ,
  IN_ATTRIBUTE_VALUE_NQ,
  IN_CLOSING_TAG_NAME,
]);
