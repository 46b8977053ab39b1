/** Small pure text helpers shared by analysis, baseline learning and detectors. */
import type { ScriptProfile } from './page-model.ts';
import { addCounts, addWide, asciiLetter } from './script-profile.ts';

/**
 * Collapse runs of whitespace (JavaScript's \s includes the ideographic space) to one space and trim:
 * `s.replace(/\s+/g, ' ').trim()`, in one scan that copies only around the runs that change (a single
 * space between words is kept as it is). Every text block of every changed page goes through here,
 * and the regular expression took twice as long. A test compares the two on random text.
 */
export function collapseWhitespace(s: string): string {
  const n = s.length;
  let start = 0;
  while (start < n && isSpace(s.charCodeAt(start))) start++;
  let end = n;
  while (end > start && isSpace(s.charCodeAt(end - 1))) end--;
  let out = '';
  let from = start;
  let i = start;
  // Inside [start, end) the text neither starts nor ends with whitespace, so `i + 1` after a space is in range.
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      if (!isSpace(s.charCodeAt(i + 1))) {
        i += 2;
        continue;
      }
    } else if (!isSpace(c)) {
      i++;
      continue;
    }
    out += `${s.slice(from, i)} `;
    i++;
    while (i < end && isSpace(s.charCodeAt(i))) i++;
    from = i;
  }
  if (start === 0 && end === n && from === 0) return s;
  return out + s.slice(from, end);
}

/** The pieces of `collapseParts`' result, reused between calls (it runs to completion, no re-entry). */
const pieces: string[] = [];

/**
 * `collapseWhitespace(parts.join(''))` without the joined string: a text block arrives as the text
 * nodes inside it, and joining them, collapsing the join (slices concatenated into a rope) and then
 * flattening that rope for the hash scan were three copies of every block's text. This keeps the runs
 * that stay as they are (words with single spaces between them) as slices, one space between runs,
 * and joins them once into a flat string. With `profile`, the letters of the result are counted into
 * it in the same scan, as `addToProfile(profile, result)` would (whitespace is never a letter, so the
 * kept characters are the ones to count). Tests compare both with the composed forms on random parts.
 */
export function collapseParts(parts: readonly string[], profile: ScriptProfile | null = null): string {
  pieces.length = 0;
  // Whitespace seen since the last kept character: one space, written only before more text (the trim).
  let pending = false;
  let latin = 0;
  let wide: number[] | null = null;
  for (const s of parts) {
    const n = s.length;
    let i = 0;
    while (i < n) {
      if (isSpace(s.charCodeAt(i))) {
        pending = true;
        i++;
        continue;
      }
      const from = i;
      // A kept run: non-space characters, and single ASCII spaces with more text after them in this part.
      while (i < n) {
        const c = s.charCodeAt(i);
        if (!isSpace(c)) {
          if (profile !== null) {
            if (c < 0x80) latin += asciiLetter(c);
            else wide = addWide(wide, c);
          }
          i++;
        } else if (c === 32 && i + 1 < n && !isSpace(s.charCodeAt(i + 1))) i++;
        else break;
      }
      if (pending && pieces.length > 0) pieces.push(' ');
      pending = false;
      pieces.push(from === 0 && i === n ? s : s.slice(from, i));
    }
  }
  if (profile !== null) addCounts(profile, latin, wide);
  const out = pieces.length === 1 ? (pieces[0] as string) : pieces.join('');
  // The pieces are released: they hold slices of the page's text.
  pieces.length = 0;
  return out;
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
  // `| 0` starts the state as int32, as every later value is: V8 keeps the loop in integer registers.
  let h1 = 0xdeadbeef | 0;
  let h2 = 0x41c6ce57 | 0;
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
  fh1 = 0xdeadbeef | 0;
  fh2 = 0x41c6ce57 | 0;
  inDigits = false;
  changed = false;
  // The prefix is hashed as it is: it is not part of the folded text.
  for (let i = 0; i < prefix.length; i++) mixRaw(prefix.charCodeAt(i));
  const n = s.length;
  let pendingSpace = false;
  let i = 0;
  if (collapse) {
    while (i < n && isSpace(s.charCodeAt(i))) i++;
    if (i > 0) changed = true;
  }
  while (i < n) {
    const c = s.charCodeAt(i);
    const cls = c < 128 ? (CLASS[c] as number) : 0;
    if (cls === 0) {
      if (collapse && isSpace(c)) {
        // A run of whitespace becomes one space, written only if more text follows (the trim).
        if (pendingSpace || c !== 32) changed = true;
        pendingSpace = true;
      } else {
        if (pendingSpace) {
          mix(32);
          pendingSpace = false;
        }
        mix(c);
      }
      i++;
      continue;
    }
    if (pendingSpace) {
      mix(32);
      pendingSpace = false;
    }
    // A token run, hashed as it is read. Whether it is a token (24 or more characters) or holds a
    // hex word is known only at its end: the state at its start is kept so the hash can be taken back.
    const runStart = i;
    const r1 = fh1;
    const r2 = fh2;
    const rDigits: boolean = inDigits;
    const rChanged: boolean = changed;
    while (i < n) {
      const d = s.charCodeAt(i);
      const dcls = d < 128 ? (CLASS[d] as number) : 0;
      if (dcls === 0) break;
      if ((dcls & WORD) === 0) {
        mix(d);
        i++;
        continue;
      }
      i = word(s, i, n);
    }
    if (i - runStart >= 24) {
      fh1 = r1;
      fh2 = r2;
      inDigits = rDigits;
      changed = rChanged;
      mixMarker(TOK);
    }
  }
  if (pendingSpace) changed = true;
  return { hash: digest(), folded: changed };
}

const TOK = '~tok~';
const HEX = '~hex~';
const TOKEN = 1;
const WORD = 2;
const HEX_DIGIT = 4;
const DIGIT = 8;

/** Classes of ASCII characters: token (`[A-Za-z0-9+/_=-]`), word (`\w` without the `u` flag), hex, digit. */
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  let cls = 0;
  if (/[A-Za-z0-9+/_=-]/.test(ch)) cls |= TOKEN;
  if (/\w/.test(ch)) cls |= WORD;
  if (/[0-9a-fA-F]/.test(ch)) cls |= HEX_DIGIT;
  if (/[0-9]/.test(ch)) cls |= DIGIT;
  CLASS[c] = cls;
}

/**
 * Hash the word (`\w` run) starting at `from`, or `~hex~` for it when it is 8 or more hex digits with
 * at least one decimal digit; returns where it ends.
 */
function word(s: string, from: number, n: number): number {
  const w1 = fh1;
  const w2 = fh2;
  const wDigits: boolean = inDigits;
  const wChanged: boolean = changed;
  let all = HEX_DIGIT | DIGIT | WORD;
  let digit = 0;
  let i = from;
  while (i < n) {
    const c = s.charCodeAt(i);
    const cls = c < 128 ? (CLASS[c] as number) : 0;
    if ((cls & WORD) === 0) break;
    all &= cls;
    digit |= cls & DIGIT;
    mix(c);
    i++;
  }
  if ((all & HEX_DIGIT) !== 0 && digit !== 0 && i - from >= 8) {
    fh1 = w1;
    fh2 = w2;
    inDigits = wDigits;
    changed = wChanged;
    mixMarker(HEX);
  }
  return i;
}

// The hash state of `foldedHash`, in module variables rather than an object: the scan is the hot
// loop of text analysis, and it runs to completion without re-entry (single-threaded, no callbacks).
let fh1 = 0;
let fh2 = 0;
let inDigits = false;
let changed = false;

/** Hash one character of the folded stream, squeezing each run of digits to one `0`. */
function mix(c: number): void {
  if ((c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19)) {
    if (inDigits || c !== 48) changed = true;
    if (inDigits) return;
    inDigits = true;
    c = 48;
  } else inDigits = false;
  mixRaw(c);
}

function mixRaw(c: number): void {
  fh1 = Math.imul(fh1 ^ c, 2654435761);
  fh2 = Math.imul(fh2 ^ c, 1597334677);
}

function mixMarker(marker: string): void {
  changed = true;
  for (let i = 0; i < marker.length; i++) mix(marker.charCodeAt(i));
}

function digest(): string {
  let a = fh1;
  let b = fh2;
  a = Math.imul(a ^ (a >>> 16), 2246822507) ^ Math.imul(b ^ (b >>> 13), 3266489909);
  b = Math.imul(b ^ (b >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909);
  return toBase36(4294967296 * (2097151 & b) + (a >>> 0));
}

/** JavaScript's `\s`: ASCII and Unicode spaces, line terminators and the BOM. */
export function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';
/** Every two-digit base-36 string, `00` to `zz`: a hash is then written two digits at a time. */
const BASE36_PAIRS = Array.from(
  { length: 36 * 36 },
  (_, i) => BASE36.charAt(Math.floor(i / 36)) + BASE36.charAt(i % 36),
);

/**
 * `n.toString(36)` for a non-negative safe integer, about ten times faster: V8's radix conversion
 * goes through a general double-to-string path, and a changed page asks for tens of thousands of these.
 * Two digits at a time, so a 53-bit hash builds five intermediate strings instead of ten (each
 * prepended digit is a new string: they were 4% of analysis's allocation). The output is identical
 * (a test compares it with `toString(36)`), so hashes stored in baselines stay comparable.
 */
export function toBase36(n: number): string {
  if (n < 36) return BASE36.charAt(n);
  let out = '';
  while (n >= 1296) {
    const q = Math.floor(n / 1296);
    out = (BASE36_PAIRS[n - q * 1296] as string) + out;
    n = q;
  }
  // 1 ≤ n < 1296: one digit, or two with the first non-zero.
  return (n < 36 ? BASE36.charAt(n) : (BASE36_PAIRS[n] as string)) + out;
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
