/** Small pure text helpers shared by analysis, baseline learning and detectors. */

/** Collapse runs of whitespace (JavaScript's \s includes the ideographic space) to one space and trim. */
export function collapseWhitespace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * Fold the parts of text that churn on every live site without meaning anything: digits (dates,
 * counters, view counts) and long hex/base64 runs (tokens, nonces, asset hashes). One hand-written
 * pass: this runs on every text block of every changed page.
 */
export function foldVolatile(s: string): string {
  let out = '';
  let i = 0;
  let changed = false;
  while (i < s.length) {
    const code = s.charCodeAt(i);
    if (!isTokenChar(code)) {
      if (code >= 0xff10 && code <= 0xff19) {
        // Full-width digits, as Japanese pages write dates.
        while (i < s.length && s.charCodeAt(i) >= 0xff10 && s.charCodeAt(i) <= 0xff19) i++;
        out += '0';
        changed = true;
        continue;
      }
      out += s[i];
      i++;
      continue;
    }
    let j = i;
    while (j < s.length && isTokenChar(s.charCodeAt(j))) j++;
    const run = s.slice(i, j);
    const folded = foldRun(run);
    if (folded !== run) changed = true;
    out += folded;
    i = j;
  }
  return changed ? out : s;
}

function isTokenChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) || c === 0x2b || c === 0x2f || c === 0x5f || c === 0x2d || c === 0x3d;
}

function foldRun(run: string): string {
  if (run.length >= 24) return '~tok~';
  if (run.length >= 8 && /^[0-9a-f]+$/i.test(run) && /\d/.test(run)) return '~hex~';
  return /\d/.test(run) ? run.replace(/\d+/g, '0') : run;
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
