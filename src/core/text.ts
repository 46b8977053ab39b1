/** Small pure text helpers shared by analysis, baseline learning and detectors. */
import { isSpace } from './text-scan.ts';

export { collapseBlock, foldedHash, hashText, isSpace, toBase36 } from './text-scan.ts';

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
