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
 * Truncate for display in a reason, on a character boundary, with an ellipsis: the first `max` code
 * points of the collapsed text (`collapseWhitespace`). Only the head of the text is read: snippets
 * are taken of whole inline scripts, hundreds of kilobytes long, and of every link. The head is
 * collapsed as it is read, and the reading stops at the first character past the limit (it used to
 * collapse the whole head, eight times the limit, for the few characters kept). A test compares the
 * result with collapsing the head and cutting it on random text.
 */
export function snippet(s: string, max = 160): string {
  const trimmed = s.trimStart();
  const window = max * 8;
  const limit = Math.min(trimmed.length, window);
  // The collapsed text before `from`, then the kept stretch from there; whitespace seen (written as
  // one space only before more text, which trims the head's end).
  let out = '';
  let from = 0;
  let pending = false;
  // Code points written, counted as the cut counts them (`cut`): a high surrogate takes the next unit.
  let points = 0;
  let second = false;
  for (let i = 0; i < limit; i++) {
    const c = trimmed.charCodeAt(i);
    // A single ASCII space between two characters is kept in place, as the collapse keeps it.
    if (isSpace(c) && (pending || c !== 32 || i + 1 >= limit || isSpace(trimmed.charCodeAt(i + 1)))) {
      if (!pending) out += trimmed.slice(from, i);
      pending = true;
      continue;
    }
    if (pending) {
      if (second) second = false;
      else if (points++ === max) return `${out}…`;
      out += ' ';
      from = i;
      pending = false;
    }
    if (second) second = false;
    else {
      if (points++ === max) return `${out}${trimmed.slice(from, i)}…`;
      second = c >= 0xd800 && c <= 0xdbff;
    }
  }
  const t = pending ? out : out + trimmed.slice(from, limit);
  // A head that collapsed below the limit (long whitespace runs) is not enough: use the whole text.
  return t.length <= max && trimmed.length > window ? cut(collapseWhitespace(trimmed), max) : t;
}

/** The first `max` code points of `t`, with an ellipsis if that is not all of it. */
function cut(t: string, max: number): string {
  if (t.length <= max) return t;
  // Count code points, not UTF-16 units, so no surrogate pair is cut in half.
  let end = 0;
  for (let n = 0; n < max && end < t.length; n++) {
    const code = t.charCodeAt(end);
    end += code >= 0xd800 && code <= 0xdbff && end + 1 < t.length ? 2 : 1;
  }
  return end >= t.length ? t : `${t.slice(0, end)}…`;
}
