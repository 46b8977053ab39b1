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
  return s
    .replace(/[A-Za-z0-9+/_=-]{24,}/g, '~tok~')
    .replace(/\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b/gi, '~hex~')
    .replace(/[0-9\uff10-\uff19]+/g, '0');
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
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** Truncate for display in a reason, on a character boundary, with an ellipsis. */
export function snippet(s: string, max = 160): string {
  const t = collapseWhitespace(s);
  if (t.length <= max) return t;
  return `${Array.from(t).slice(0, max).join('')}…`;
}
