/** Small pure text helpers shared by analysis, baseline learning and detectors. */
import type { ScriptProfile } from './page-model.ts';
import { collapseBlock, isSpace } from './text-scan.ts';

export { blockHashes, collapseBlock, foldedHash, hashText, isSpace, toBase36 } from './text-scan.ts';

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
  return collapseBlock(parts, profile).text;
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
