/** Response headers kept as evidence: enough to spot a changed server, CSP or caching, nothing personal. */
export const KEPT_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'server',
  'last-modified',
  'etag',
  'cache-control',
  'location',
  'x-powered-by',
  'strict-transport-security',
  'content-security-policy',
  'x-frame-options',
  // The rest of the security headers the site watch baselines (src/core/site/headers.ts).
  'x-content-type-options',
  'referrer-policy',
  'permissions-policy',
] as const;

/** Name under which the number of Set-Cookie headers is kept (cookie values are never stored). */
export const SET_COOKIE_COUNT = 'set-cookie-count';

export type RawHeaders = Record<string, string | string[] | undefined>;

/** Picks the kept headers (lower-case names; repeated headers joined with `, `) and counts cookies. */
export function selectHeaders(raw: RawHeaders): Record<string, string> {
  // undici hands names over in lower case already; only a name that is not is looked up again
  // lower-cased (no Map and entry arrays of every header per response).
  let lower: Map<string, string | string[]> | null = null;
  for (const name in raw) {
    if (name !== name.toLowerCase()) {
      lower = lowerCased(raw);
      break;
    }
  }
  const out: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = lower ? lower.get(name) : raw[name];
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    out[name] = name === 'location' ? decodeLocation(text) : text;
  }
  const cookies = lower ? lower.get('set-cookie') : raw['set-cookie'];
  if (cookies !== undefined) out[SET_COOKIE_COUNT] = String(Array.isArray(cookies) ? cookies.length : 1);
  return out;
}

function lowerCased(raw: RawHeaders): Map<string, string | string[]> {
  const lower = new Map<string, string | string[]>();
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) lower.set(name.toLowerCase(), value);
  }
  return lower;
}

/** One header as a single string, or null. */
export function headerValue(raw: RawHeaders, name: string): string | null {
  const value = raw[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Node hands header bytes over as Latin-1 text, but servers put raw UTF-8 in Location (Japanese
 * paths, e.g. /法令/). Read it as UTF-8 when it is valid UTF-8, as browsers do; otherwise keep it.
 */
export function decodeLocation(value: string): string {
  const codes = Array.from(value, (ch) => ch.charCodeAt(0));
  if (!codes.some((c) => c >= 0x80) || codes.some((c) => c > 0xff)) return value;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(value, 'latin1'));
  } catch {
    return value;
  }
}
