/**
 * The scans over a page's text that run for every text block and inline script: collapsing a block
 * and hashing it (plain and folded) in one pass, the fold hash, cyrb53 and its base-36 form. Apart
 * from `text.ts` so each stays readable; `text.ts` re-exports what other modules use.
 */
import type { ScriptProfile } from './page-model.ts';
import { addCounts, addWide, asciiLetter } from './script-profile.ts';

/**
 * The pieces of `collapseBlock`'s result, reused between calls (it runs to completion, no re-entry).
 * Its length is never set to 0, which would drop its storage and make the next call's first push
 * allocate room for 17 again: every text block of the page goes through here.
 */
const pieces: string[] = [];

/** What `collapseBlock` found, shared between calls (read it before the next): every text block comes here. */
const collapsed = { text: '', plain: '', shape: '' };

/**
 * `collapseWhitespace(parts.join(''))` and both its hashes in the same scan, without the joined
 * string: `text`, with `plain` its `hashText` and `shape` its fold hash (`foldedHash`). A text block
 * arrives as the text nodes inside it; the runs that stay as they are (words with single spaces between
 * them) are kept as slices, one space between runs, and joined once. With `profile`, the letters of
 * the result are counted into it in the same scan, as `addToProfile(profile, text)` would.
 *
 * Until the first digit or the 24th character of a token run nothing can fold, so the two hashes are
 * one: each kept character is hashed once as it is kept (the fold scan tracks words, runs and digits
 * for both, about eight times a plain hash per character). Most blocks have no digit and no long token
 * and end there; a block with one is handed to the fold scan just after the last character that is not
 * a token character, where no word, run or digit run is open, with the hash then (it re-reads at most
 * the current run). Tests compare all three results with the composed forms on random parts.
 * `start` and `end` take the parts from that stretch of `parts` only (the model builder keeps every
 * open block's parts in one array).
 */
export function collapseBlock(
  parts: readonly string[],
  profile: ScriptProfile | null = null,
  start = 0,
  end = parts.length,
): { readonly text: string; readonly plain: string; readonly shape: string } {
  let count = 0;
  // Whitespace seen since the last kept character: one space, written only before more text (the trim).
  let pending = false;
  let latin = 0;
  let wide: number[] | null = null;
  // The hash of the result so far while nothing can have folded, and where the fold scan would take
  // over (see above); `out` is the result's length before the current run.
  let hashing = true;
  let h1 = 0xdeadbeef | 0;
  let h2 = 0x41c6ce57 | 0;
  let at = 0;
  let a1 = h1;
  let a2 = h2;
  let run = 0;
  let out = 0;
  for (let k = start; k < end; k++) {
    const s = parts[k] as string;
    const n = s.length;
    let i = 0;
    while (i < n) {
      if (isSpace(s.charCodeAt(i))) {
        pending = true;
        i++;
        continue;
      }
      if (pending && count > 0) {
        pieces[count++] = ' ';
        out++;
        if (hashing) {
          h1 = Math.imul(h1 ^ 32, M1);
          h2 = Math.imul(h2 ^ 32, M2);
          run = 0;
          at = out;
          a1 = h1;
          a2 = h2;
        }
      }
      pending = false;
      const from = i;
      // A kept run: non-space characters, and single ASCII spaces with more text after them in this part.
      // ASCII, most of most pages' text, is classed by one load (space, letter, token, digit); its
      // letters are counted whether or not a profile is asked for, and added only if it is.
      while (i < n) {
        const c = s.charCodeAt(i);
        if (c < 128) {
          const cls = CLASS[c] as number;
          if ((cls & SPACE) !== 0) {
            if (c !== 32 || i + 1 >= n || isSpace(s.charCodeAt(i + 1))) break;
          } else latin += cls & LETTER;
          i++;
          if (!hashing) continue;
          h1 = Math.imul(h1 ^ c, M1);
          h2 = Math.imul(h2 ^ c, M2);
          if ((cls & TOKEN) !== 0) {
            if ((cls & DIGIT) !== 0 || ++run >= 24) hashing = false;
            continue;
          }
        } else {
          if (isSpace(c)) break;
          if (profile !== null) wide = addWide(wide, c);
          i++;
          if (!hashing) continue;
          h1 = Math.imul(h1 ^ c, M1);
          h2 = Math.imul(h2 ^ c, M2);
          if (c >= 0xff10 && c <= 0xff19) {
            hashing = false;
            continue;
          }
        }
        run = 0;
        at = out + i - from;
        a1 = h1;
        a2 = h2;
      }
      pieces[count++] = from === 0 && i === n ? s : s.slice(from, i);
      out += i - from;
    }
  }
  if (profile !== null) addCounts(profile, latin, wide);
  const text = joinPieces(count);
  collapsed.text = text;
  if (hashing) collapsed.plain = collapsed.shape = finish53(h1, h2);
  else {
    foldScan(text, false, '', true, at, a1, a2);
    collapsed.plain = scanned.plain;
    collapsed.shape = scanned.shape;
  }
  return collapsed;
}

/** The first `count` of `pieces` joined, and the pieces released (they hold slices of the page's text). */
function joinPieces(count: number): string {
  if (count === 0) return '';
  if (count === 1) {
    const only = pieces[0] as string;
    pieces[0] = '';
    return only;
  }
  // Shrinking by a little keeps the storage; a call that left many pieces gives its room back.
  pieces.length = count;
  const out = pieces.join('');
  for (let k = 0; k < count; k++) pieces[k] = '';
  return out;
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
  return finish53(h1, h2);
}

/**
 * `hashText(prefix + foldVolatile(collapse ? collapseWhitespace(s) : s))` in one scan, without building
 * the collapsed or folded strings: every inline script of a changed page needs its shape hash, and the
 * three folding passes plus their intermediate strings were a large share of analysis. The output is
 * identical to the composed form (a test compares them on random text), so shapes stored in baselines
 * stay comparable. `folded` says whether folding or collapsing changed anything (when it did not, the
 * shape hash is the plain text's hash).
 */
export function foldedHash(s: string, collapse = false, prefix = ''): { hash: string; folded: boolean } {
  foldScan(s, collapse, prefix, false);
  return { hash: scanned.shape, folded: scanned.folded };
}

/** What the last `foldScan` found (see there). */
const scanned = { shape: '', plain: '', folded: false };

/**
 * The fold hash in one streaming scan whose whole state is in locals (it kept its state in module
 * variables and made a call per character, and cost about six times the plain hash). Leaves in
 * `scanned`: `shape`, the hash of `prefix + foldVolatile(t)` where `t` is `s` or, with `collapse`,
 * `collapseWhitespace(s)`; `folded`, whether the collapse or the folding changed `t`; and with
 * `plain`, `hashText(t)` (else ''). `collapseBlock` hands over mid-text: from `from`, with both hashes'
 * state `h1`, `h2` there, a point where nothing has folded yet and no word, run or digit run is open
 * (only without `collapse` or `prefix`).
 *
 * How the folding passes reduce to one scan: a run of token characters (`[A-Za-z0-9+/_=-]`) is never
 * split by whitespace, so pass 1 replaces whole runs of 24 or more with `~tok~`. Pass 2 replaces whole
 * words (`[A-Za-z0-9_]` runs, which lie inside token runs) of 8 or more hex digits with at least one
 * decimal digit with `~hex~`. Pass 3 squeezes each run of digits of the result to `0`, which a filter
 * on the output stream does, since no marker holds a digit. Whether a run or a word is replaced is
 * known only at its end, so the state at its start is kept and the hash taken back to it if it is.
 */
function foldScan(
  s: string,
  collapse: boolean,
  prefix: string,
  plain: boolean,
  from = 0,
  h1 = 0xdeadbeef | 0,
  h2 = 0x41c6ce57 | 0,
): void {
  // The fold's state (f1, f2, inDigits, changed) and the plain hash's (p1, p2).
  let f1 = h1;
  let f2 = h2;
  let p1 = f1;
  let p2 = f2;
  let inDigits = false;
  let changed = false;
  // The prefix is hashed as it is: it is not part of the folded text.
  for (let k = 0; k < prefix.length; k++) {
    f1 = Math.imul(f1 ^ prefix.charCodeAt(k), M1);
    f2 = Math.imul(f2 ^ prefix.charCodeAt(k), M2);
  }
  const n = s.length;
  let i = from;
  if (collapse) {
    while (i < n && isSpace(s.charCodeAt(i))) i++;
    if (i > 0) changed = true;
  }
  let pendingSpace = false;
  /** Characters of `t` read so far: the lengths of runs and words. */
  let out = 0;
  // Outside token runs (spaces, punctuation, other scripts) no word or run is open: each character is
  // hashed and goes. A token run is read whole by the inner loop, which alone tracks its words, and is
  // closed where it ends (no whitespace lies inside one, so the collapse never runs there).
  for (; i < n; i++) {
    let c = s.charCodeAt(i);
    if (pendingSpace) {
      pendingSpace = false;
      // A run of whitespace is one space, written before more text (and this character is read
      // again next); trailing whitespace is trimmed (after the loop).
      if (isSpace(c)) {
        changed = true;
        pendingSpace = true;
        continue;
      }
      c = 32;
      i--;
    } else if (collapse && isSpace(c)) {
      if (c !== 32) changed = true;
      pendingSpace = true;
      continue;
    }
    let cls = c < 128 ? (CLASS[c] as number) : 0;
    if ((cls & TOKEN) === 0) {
      out++;
      if (plain) {
        p1 = Math.imul(p1 ^ c, M1);
        p2 = Math.imul(p2 ^ c, M2);
      }
      // The only digits outside token runs are full-width ones (never `0`: the text changes).
      if (c >= 0xff10 && c <= 0xff19) {
        changed = true;
        if (inDigits) continue;
        inDigits = true;
        c = 48;
      } else inDigits = false;
      f1 = Math.imul(f1 ^ c, M1);
      f2 = Math.imul(f2 ^ c, M2);
      continue;
    }
    // A token run, and the words inside it: where each started in the output (-1: no word) and the
    // hash then. After a marker the digit run is over and the text changed, whatever they were.
    const runAt = out;
    const r1 = f1;
    const r2 = f2;
    let wordAt = -1;
    let w1 = 0;
    let w2 = 0;
    let wordAll = 0;
    let wordDigit = 0;
    for (;;) {
      if ((cls & WORD) !== 0) {
        if (wordAt < 0) {
          wordAt = out;
          w1 = f1;
          w2 = f2;
          wordAll = HEX_DIGIT | DIGIT;
          wordDigit = 0;
        }
        wordAll &= cls;
        wordDigit |= cls & DIGIT;
      } else if (wordAt >= 0) {
        if ((wordAll & HEX_DIGIT) !== 0 && wordDigit !== 0 && out - wordAt >= 8) {
          f1 = mixCodes(w1, HEX, M1);
          f2 = mixCodes(w2, HEX, M2);
          inDigits = false;
          changed = true;
        }
        wordAt = -1;
      }
      out++;
      if (plain) {
        p1 = Math.imul(p1 ^ c, M1);
        p2 = Math.imul(p2 ^ c, M2);
      }
      if ((cls & DIGIT) !== 0) {
        if (inDigits || c !== 48) changed = true;
        if (!inDigits) {
          inDigits = true;
          f1 = Math.imul(f1 ^ 48, M1);
          f2 = Math.imul(f2 ^ 48, M2);
        }
      } else {
        inDigits = false;
        f1 = Math.imul(f1 ^ c, M1);
        f2 = Math.imul(f2 ^ c, M2);
      }
      if (++i >= n) break;
      c = s.charCodeAt(i);
      cls = c < 128 ? (CLASS[c] as number) : 0;
      if ((cls & TOKEN) === 0) break;
    }
    // The run ends (at a character outside it, or the text's end): its open word closes, then it does.
    if (wordAt >= 0 && (wordAll & HEX_DIGIT) !== 0 && wordDigit !== 0 && out - wordAt >= 8) {
      f1 = mixCodes(w1, HEX, M1);
      f2 = mixCodes(w2, HEX, M2);
      inDigits = false;
      changed = true;
    }
    if (out - runAt >= 24) {
      f1 = mixCodes(r1, TOK, M1);
      f2 = mixCodes(r2, TOK, M2);
      inDigits = false;
      changed = true;
    }
    // The character that ended the run is read next, as any other.
    i--;
  }
  if (pendingSpace) changed = true;
  scanned.shape = finish53(f1, f2);
  scanned.plain = !plain ? '' : changed || prefix ? finish53(p1, p2) : scanned.shape;
  scanned.folded = changed;
}

const M1 = 2654435761;
const M2 = 1597334677;
/** `~tok~` and `~hex~`, as character codes. */
const TOK = [126, 116, 111, 107, 126];
const HEX = [126, 104, 101, 120, 126];
/** An ASCII letter; must stay 1 (`collapseBlock` adds `cls & LETTER` to its count of letters). */
const LETTER = 1;
const TOKEN = 2;
const WORD = 4;
const HEX_DIGIT = 8;
const DIGIT = 16;
/** An ASCII space of JavaScript's `\s` (`isSpace`). */
const SPACE = 32;

/** Classes of ASCII characters: letter, token (`[A-Za-z0-9+/_=-]`), word (`\w` without the `u` flag), hex, digit, space. */
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  let cls = 0;
  if (/[A-Za-z0-9+/_=-]/.test(ch)) cls |= TOKEN;
  if (/\w/.test(ch)) cls |= WORD;
  if (/[0-9a-fA-F]/.test(ch)) cls |= HEX_DIGIT;
  if (/[0-9]/.test(ch)) cls |= DIGIT;
  if (isSpace(c)) cls |= SPACE;
  if (asciiLetter(c) === 1) cls |= LETTER;
  CLASS[c] = cls;
}

/** One of the fold's two hash states after the characters `codes` (a marker: the two are independent). */
function mixCodes(h: number, codes: readonly number[], m: number): number {
  for (const c of codes) h = Math.imul(h ^ c, m);
  return h;
}

/** cyrb53's final mix of its two states, as a base-36 string. */
function finish53(h1: number, h2: number): string {
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return toBase36(4294967296 * (2097151 & h2) + (h1 >>> 0));
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
