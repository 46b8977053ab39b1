/**
 * Charset labels, BOMs and the `<meta>` prescan. Pure: no I/O.
 * Names returned are WHATWG encoding names, lower-case, as `TextDecoder#encoding` reports them.
 */

/**
 * Labels seen on real (mostly Japanese) sites that are not WHATWG labels, mapped to the WHATWG
 * encoding browsers effectively use for them. WHATWG labels (x-sjis, sjis, windows-31j, ...) are
 * resolved by TextDecoder itself.
 */
const EXTRA_ALIASES: Readonly<Record<string, string>> = {
  cp932: 'shift_jis',
  'ms-932': 'shift_jis',
  'windows-932': 'shift_jis',
  'x-shift_jis': 'shift_jis',
  'x-shift-jis': 'shift_jis',
  shift_jisx0213: 'shift_jis',
  'shift_jis-2004': 'shift_jis',
  'sjis-win': 'shift_jis',
  'sjis-open': 'shift_jis',
  eucjp: 'euc-jp',
  euc_jp: 'euc-jp',
  'eucjp-win': 'euc-jp',
  'eucjp-ms': 'euc-jp',
  'euc-jisx0213': 'euc-jp',
  'euc-jis-2004': 'euc-jp',
  cp51932: 'euc-jp',
  'iso-2022-jp-1': 'iso-2022-jp',
  'iso-2022-jp-2': 'iso-2022-jp',
  'iso-2022-jp-3': 'iso-2022-jp',
  'iso-2022-jp-2004': 'iso-2022-jp',
  cp50220: 'iso-2022-jp',
  cp50221: 'iso-2022-jp',
  cp50222: 'iso-2022-jp',
  jis: 'iso-2022-jp',
  cp936: 'gbk',
  ms936: 'gbk',
  cp949: 'euc-kr',
  ms949: 'euc-kr',
  uhc: 'euc-kr',
  cp950: 'big5',
  ms950: 'big5',
  utf_8: 'utf-8',
  utf8mb4: 'utf-8',
  // Node's TextDecoder lacks it; HTML maps a meta-declared x-user-defined to windows-1252 anyway.
  'x-user-defined': 'windows-1252',
};

const MULTI_BYTE = new Set([
  'utf-8',
  'utf-16le',
  'utf-16be',
  'shift_jis',
  'euc-jp',
  'iso-2022-jp',
  'gbk',
  'gb18030',
  'big5',
  'euc-kr',
]);

/**
 * Labels already resolved, least recently used first. Labels come from servers and pages, so the cache
 * is capped: without a cap, a site sending a new made-up label on every response grew it forever.
 */
const normalized = new Map<string, string | null>();
/** Distinct labels remembered; real sites use a few dozen. */
export const CHARSET_CACHE_SIZE = 256;
/** Characters of a label looked at: no real label is longer, and a longer one is not one. */
const MAX_LABEL = 64;

/** Maps any charset label to the WHATWG encoding name TextDecoder supports, or null if unusable. */
export function normalizeCharset(label: string): string | null {
  const key = label
    .trim()
    .replace(/^["']|["']$/g, '')
    .trim()
    .toLowerCase();
  if (key === '' || key.length > MAX_LABEL) return null;
  const cached = normalized.get(key);
  if (cached !== undefined) {
    // Most recently used last: delete and set again moves it to the end of the map's order.
    normalized.delete(key);
    normalized.set(key, cached);
    return cached;
  }
  let result: string | null;
  try {
    result = new TextDecoder(EXTRA_ALIASES[key] ?? key).encoding;
  } catch {
    // Unknown label, or one TextDecoder refuses (e.g. the WHATWG "replacement" encoding).
    result = null;
  }
  if (normalized.size >= CHARSET_CACHE_SIZE) {
    const oldest = normalized.keys().next().value;
    if (oldest !== undefined) normalized.delete(oldest);
  }
  normalized.set(key, result);
  return result;
}

/** Labels in the cache now (for tests of its bound). */
export function charsetCacheSize(): number {
  return normalized.size;
}

/** True for encodings where a byte is not a character: a wrong guess among these fails loudly. */
export function isMultiByteCharset(charset: string): boolean {
  return MULTI_BYTE.has(charset);
}

/** The encoding a byte order mark announces, or null. */
export function charsetFromBom(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return null;
}

const ATTRIBUTE = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
const CONTENT_CHARSET = /charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s;"']+))/i;

/**
 * A simplified WHATWG prescan: the first `<meta charset>` or `<meta http-equiv="content-type"
 * content="...; charset=...">` in the first `limit` bytes, comments skipped. Browsers stop at 1024
 * bytes; 4096 by default here because old Japanese pages often carry long comments before the meta.
 */
export function prescanMetaCharset(bytes: Uint8Array, limit = 4096): string | null {
  // Latin-1 keeps one character per byte, so ASCII markup survives whatever the real encoding is.
  let head = '';
  for (const byte of bytes.subarray(0, limit)) head += String.fromCharCode(byte);
  head = head.replace(/<!--[\s\S]*?(?:-->|$)/g, '');
  for (const match of head.matchAll(/<meta[\s/]([^>]*)/gi)) {
    const attributes = parseAttributes(match[1] ?? '');
    const declared = attributes.get('charset') ?? charsetFromPragma(attributes);
    const charset = declared === undefined ? null : normalizeCharset(declared);
    if (charset) return adjustMetaCharset(charset);
  }
  return null;
}

function parseAttributes(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const m of text.matchAll(ATTRIBUTE)) {
    const name = (m[1] ?? '').toLowerCase();
    // The first occurrence of an attribute wins, as in the HTML parser.
    if (!attributes.has(name)) attributes.set(name, m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attributes;
}

function charsetFromPragma(attributes: Map<string, string>): string | undefined {
  if (attributes.get('http-equiv')?.trim().toLowerCase() !== 'content-type') return undefined;
  const m = CONTENT_CHARSET.exec(attributes.get('content') ?? '');
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** HTML: a meta cannot truthfully declare UTF-16 (it was readable as ASCII), so it means UTF-8. */
function adjustMetaCharset(charset: string): string {
  return charset === 'utf-16le' || charset === 'utf-16be' ? 'utf-8' : charset;
}
