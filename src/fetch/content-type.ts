/** A Content-Type header reduced to what the fetcher needs. */
export interface ParsedContentType {
  /** Lower-case `type/subtype`, parameters stripped. */
  readonly essence: string;
  /** The raw `charset` parameter, unquoted, or null. Not yet validated as an encoding label. */
  readonly charset: string | null;
}

const HTML_ESSENCES = new Set(['text/html', 'application/xhtml+xml']);

/** The last value parsed and its result (frozen, so sharing it is safe): a site serves one type. */
let lastValue = '';
let lastParsed: ParsedContentType | null = null;

/** Parses a Content-Type value; null when it is absent or has no `type/subtype`. */
export function parseContentType(value: string | null | undefined): ParsedContentType | null {
  if (!value) return null;
  if (value === lastValue) return lastParsed;
  lastParsed = parseUncached(value);
  lastValue = value;
  return lastParsed;
}

function parseUncached(value: string): ParsedContentType | null {
  const [mime = '', ...params] = value.split(';');
  const essence = mime.trim().toLowerCase();
  if (!/^[^\s/]+\/[^\s/]+$/.test(essence)) return null;
  let charset: string | null = null;
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    charset =
      param
        .slice(eq + 1)
        .trim()
        .replace(/^["']|["']$/g, '')
        .trim() || null;
    break;
  }
  return Object.freeze({ essence, charset });
}

/** Media types we treat as a web page. */
export function isHtmlEssence(essence: string): boolean {
  return HTML_ESSENCES.has(essence);
}

/** Textual documents other than pages that Mamori reads: sitemaps, watch lists, feeds. */
export function isTextEssence(essence: string): boolean {
  return (
    isHtmlEssence(essence) ||
    essence.startsWith('text/') ||
    essence.endsWith('+xml') ||
    ['application/xml', 'application/json', 'application/yaml', 'application/x-yaml'].includes(essence)
  );
}

/** Tags that the WHATWG MIME sniffing standard takes as proof of HTML when they open a resource. */
const HTML_SIGNATURES = [
  '<!doctype html',
  '<html',
  '<head',
  '<script',
  '<iframe',
  '<h1',
  '<div',
  '<font',
  '<table',
  '<a',
  '<style',
  '<title',
  '<b',
  '<body',
  '<br',
  '<p',
  '<!--',
];

/**
 * Sniffs a body served without a Content-Type: true when, after a BOM and whitespace, it opens with
 * one of the HTML signatures followed by whitespace or `>` (WHATWG MIME sniffing, "rules for HTML").
 */
export function looksLikeHtml(bytes: Uint8Array): boolean {
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  while (start < bytes.length && [0x09, 0x0a, 0x0c, 0x0d, 0x20].includes(bytes[start] ?? 0)) start++;
  const head = String.fromCharCode(...bytes.subarray(start, start + 16)).toLowerCase();
  return HTML_SIGNATURES.some((sig) => {
    if (!head.startsWith(sig)) return false;
    if (sig === '<!--') return true;
    // The standard only accepts a space or `>`; any whitespace is accepted here, as in `<html\n lang=...>`.
    return /^[\s>]$/.test(head.charAt(sig.length));
  });
}
