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
