/** Small pure text helpers shared by analysis, baseline learning and detectors. */

/** Collapse runs of whitespace (JavaScript's \s includes the ideographic space) to one space and trim. */
export function collapseWhitespace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Anything to fold at all: most blocks have no digits and no long tokens, and are returned as they are. */
const MAY_FOLD = /[0-9\uff10-\uff19]|[A-Za-z0-9+/_=-]{8}/;

/**
 * Fold the parts of text that churn on every live site without meaning anything: digits (dates,
 * counters, view counts) and long hex/base64 runs (tokens, nonces, asset hashes).
 */
export function foldVolatile(s: string): string {
  if (!MAY_FOLD.test(s)) return s;
  return (
    s
      // The lookbehind anchors a try to the start of a run: without it every position inside a long
      // word is tried again, quadratic in the word's length. (Three simple passes measured faster than
      // one alternation with a replacer callback.)
      .replace(/(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_=-]{24,}/g, '~tok~')
      .replace(/\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b/gi, '~hex~')
      .replace(/[0-9\uff10-\uff19]+/g, '0')
  );
}

/**
 * cyrb53: a fast, well-mixed 53-bit string hash. Not cryptographic: it only identifies text blocks
 * inside one page's baseline, where a collision costs at worst one missed "new block".
 */
export function hashText(s: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return toBase36(4294967296 * (2097151 & h2) + (h1 >>> 0));
}

/**
 * `hashText(prefix + foldVolatile(collapse ? collapseWhitespace(s) : s))` in one scan, without building
 * the collapsed or folded strings: every text block and inline script of a changed page needs its
 * shape hash, and the three folding passes plus their intermediate strings were a large share of
 * analysis. The output is identical to the composed form (a test compares them on random text), so
 * shapes stored in baselines stay comparable. `folded` says whether folding or collapsing changed
 * anything (when it did not, the shape hash is the plain text's hash).
 *
 * How the passes reduce to one: a run of token characters (`[A-Za-z0-9+/_=-]`) is never split by
 * whitespace, so pass 1 replaces whole runs of 24 or more. Pass 2 matches whole words
 * (`[A-Za-z0-9_]` runs, which lie inside shorter token runs) of 8 or more hex digits with at least one
 * decimal digit. Pass 3 squeezes each run of digits in the result to `0`, which a filter on the
 * output stream does, since neither `~tok~` nor `~hex~` holds a digit.
 */
export function foldedHash(s: string, collapse = false, prefix = ''): { hash: string; folded: boolean } {
  const h = new FoldHasher();
  // The prefix is hashed as it is: it is not part of the folded text.
  for (let i = 0; i < prefix.length; i++) h.putRaw(prefix.charCodeAt(i));
  const n = s.length;
  let pendingSpace = false;
  let i = 0;
  if (collapse) {
    while (i < n && isSpace(s.charCodeAt(i))) i++;
    if (i > 0) h.changed = true;
  }
  while (i < n) {
    const c = s.charCodeAt(i);
    if (collapse && isSpace(c)) {
      // A run of whitespace becomes one space, written only if more text follows (the trim).
      if (pendingSpace || c !== 32) h.changed = true;
      pendingSpace = true;
      i++;
      continue;
    }
    if (pendingSpace) {
      h.put(32);
      pendingSpace = false;
    }
    if (!isTokenChar(c)) {
      h.put(c);
      i++;
      continue;
    }
    let end = i + 1;
    while (end < n && isTokenChar(s.charCodeAt(end))) end++;
    if (end - i >= 24) h.putMarker(TOK);
    else foldShortRun(h, s, i, end);
    i = end;
  }
  if (pendingSpace) h.changed = true;
  return { hash: h.digest(), folded: h.changed };
}

const TOK = '~tok~';
const HEX = '~hex~';

/** A token run shorter than 24: its hex words become `~hex~`, the rest goes through as it is. */
function foldShortRun(h: FoldHasher, s: string, from: number, to: number): void {
  let i = from;
  while (i < to) {
    const c = s.charCodeAt(i);
    if (!isWordChar(c)) {
      h.put(c);
      i++;
      continue;
    }
    let end = i;
    let hex = true;
    let digit = false;
    while (end < to) {
      const w = s.charCodeAt(end);
      if (!isWordChar(w)) break;
      if (w >= 48 && w <= 57) digit = true;
      else if (!((w >= 97 && w <= 102) || (w >= 65 && w <= 70))) hex = false;
      end++;
    }
    if (hex && digit && end - i >= 8) h.putMarker(HEX);
    else for (let k = i; k < end; k++) h.put(s.charCodeAt(k));
    i = end;
  }
}

/** cyrb53 (as `hashText`) over a character stream, squeezing digit runs to `0` on the way. */
class FoldHasher {
  h1 = 0xdeadbeef;
  h2 = 0x41c6ce57;
  changed = false;
  private inDigits = false;

  put(c: number): void {
    if ((c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19)) {
      if (this.inDigits || c !== 48) this.changed = true;
      if (this.inDigits) return;
      this.inDigits = true;
      c = 48;
    } else this.inDigits = false;
    this.putRaw(c);
  }

  putRaw(c: number): void {
    this.h1 = Math.imul(this.h1 ^ c, 2654435761);
    this.h2 = Math.imul(this.h2 ^ c, 1597334677);
  }

  putMarker(marker: string): void {
    this.changed = true;
    for (let i = 0; i < marker.length; i++) this.put(marker.charCodeAt(i));
  }

  digest(): string {
    let h1 = this.h1;
    let h2 = this.h2;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return toBase36(4294967296 * (2097151 & h2) + (h1 >>> 0));
  }
}

/** `[A-Za-z0-9+/_=-]`: the characters of tokens, nonces and base64. */
function isTokenChar(c: number): boolean {
  return isWordChar(c) || c === 43 || c === 47 || c === 61 || c === 45;
}

/** `\w` without the `u` flag: `[A-Za-z0-9_]`. */
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** JavaScript's `\s`: ASCII and Unicode spaces, line terminators and the BOM. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f ||
    c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * `n.toString(36)` for a non-negative safe integer, about five times faster: V8's radix conversion
 * goes through a general double-to-string path, and a changed page asks for tens of thousands of these.
 * The output is identical, so hashes stored in baselines stay comparable.
 */
export function toBase36(n: number): string {
  if (n < 36) return BASE36.charAt(n);
  let out = '';
  while (n > 0) {
    const q = Math.floor(n / 36);
    out = BASE36.charAt(n - q * 36) + out;
    n = q;
  }
  return out;
}

/**
 * Truncate for display in a reason, on a character boundary, with an ellipsis. Only the head of the
 * text is collapsed: snippets are taken of whole inline scripts, hundreds of kilobytes long.
 */
export function snippet(s: string, max = 160): string {
  const trimmed = s.trimStart();
  const window = max * 8;
  let t = collapseWhitespace(trimmed.length > window ? trimmed.slice(0, window) : trimmed);
  // A head that collapsed below the limit (long whitespace runs) is not enough: use the whole text.
  if (t.length <= max && trimmed.length > window) t = collapseWhitespace(trimmed);
  if (t.length <= max) return t;
  // Count code points, not UTF-16 units, so no surrogate pair is cut in half.
  let end = 0;
  for (let n = 0; n < max && end < t.length; n++) {
    const code = t.charCodeAt(end);
    end += code >= 0xd800 && code <= 0xdbff && end + 1 < t.length ? 2 : 1;
  }
  return end >= t.length ? t : `${t.slice(0, end)}…`;
}
