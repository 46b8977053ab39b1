/**
 * Encoders for Shift_JIS and EUC-JP. Node decodes both (TextDecoder with full ICU) but cannot encode them, so the
 * encoder table is built once, lazily, by decoding every two-byte sequence and inverting the result. The decoders
 * follow the WHATWG Encoding Standard, so bytes made here decode back to the same text in Node and in browsers.
 */

export type LegacyCharset = 'shift_jis' | 'euc-jp';

type Table = Map<number, readonly number[]>;

const tables = new Map<LegacyCharset, Table>();

/** Lead and trail byte ranges of each encoding's two-byte sequences. */
const RANGES: Record<LegacyCharset, { lead: Array<[number, number]>; trail: Array<[number, number]> }> = {
  shift_jis: {
    lead: [
      [0x81, 0x9f],
      [0xe0, 0xfc],
    ],
    trail: [
      [0x40, 0x7e],
      [0x80, 0xfc],
    ],
  },
  'euc-jp': {
    lead: [
      [0x8e, 0x8e],
      [0xa1, 0xfe],
    ],
    trail: [[0xa1, 0xfe]],
  },
};

function buildTable(charset: LegacyCharset): Table {
  const decoder = new TextDecoder(charset, { fatal: false });
  const table: Table = new Map();
  const { lead, trail } = RANGES[charset];
  for (const [leadLow, leadHigh] of lead) {
    for (let a = leadLow; a <= leadHigh; a += 1) {
      for (const [trailLow, trailHigh] of trail) {
        for (let b = trailLow; b <= trailHigh; b += 1) {
          const text = decoder.decode(Uint8Array.of(a, b));
          const codePoint = text.codePointAt(0);
          // First mapping wins: later duplicates are vendor extensions of characters already seen.
          if (codePoint !== undefined && text.length === 1 && codePoint !== 0xfffd && !table.has(codePoint)) {
            table.set(codePoint, [a, b]);
          }
        }
      }
    }
  }
  if (charset === 'shift_jis') addShiftJisSingles(table);
  return table;
}

/** Half-width katakana are single bytes in Shift_JIS; ¥ and ‾ are how the WHATWG encoder writes 0x5C and 0x7E. */
function addShiftJisSingles(table: Table): void {
  for (let byte = 0xa1; byte <= 0xdf; byte += 1) table.set(0xff61 + byte - 0xa1, [byte]);
  table.set(0xa5, [0x5c]);
  table.set(0x203e, [0x7e]);
}

function tableFor(charset: LegacyCharset): Table {
  let table = tables.get(charset);
  if (table === undefined) {
    table = buildTable(charset);
    tables.set(charset, table);
  }
  return table;
}

export interface LegacyEncodeResult {
  bytes: Buffer;
  /** Characters the encoding lacks, written as HTML numeric character references as browsers do in forms. */
  unencodable: number;
}

export function encodeLegacy(text: string, charset: LegacyCharset): LegacyEncodeResult {
  const table = tableFor(charset);
  const bytes: number[] = [];
  let unencodable = 0;
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (codePoint < 0x80) {
      bytes.push(codePoint);
      continue;
    }
    const mapped = table.get(codePoint);
    if (mapped !== undefined) {
      bytes.push(...mapped);
      continue;
    }
    unencodable += 1;
    for (const c of `&#${codePoint};`) bytes.push(c.charCodeAt(0));
  }
  return { bytes: Buffer.from(bytes), unencodable };
}

export type PageCharset = 'utf-8' | LegacyCharset;

export function encodeText(text: string, charset: PageCharset): Buffer {
  return charset === 'utf-8' ? Buffer.from(text, 'utf8') : encodeLegacy(text, charset).bytes;
}
