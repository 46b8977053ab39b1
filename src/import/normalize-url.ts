/**
 * One normal form for target URLs, so that the same page written two ways is watched once:
 * lower-case scheme and host, IDN hosts in punycode, default port dropped, fragment dropped,
 * non-ASCII path and query characters percent-encoded, and percent-escapes in upper case (RFC 3986 §6.2.2.1).
 */

export type NormalizeResult =
  { ok: true; url: string } | { ok: false; kind: 'malformed' | 'unsupported'; message: string };

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const WHITESPACE = /\s/;
const PERCENT_ESCAPE = /%[0-9a-f]{2}/gi;

export function normalizeTargetUrl(input: string): NormalizeResult {
  const text = input.trim();
  if (text === '') return { ok: false, kind: 'malformed', message: 'empty URL' };
  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    return { ok: false, kind: 'malformed', message: 'not an absolute URL: it must start with http:// or https://' };
  }
  if (scheme !== 'http' && scheme !== 'https') {
    return { ok: false, kind: 'unsupported', message: `only http and https URLs can be watched, not ${scheme}:` };
  }
  // WHATWG URL accepts `http:example.com` and `http:/example.com`; a list entry like that is a typo, not a URL.
  if (!text.slice(scheme.length + 1).startsWith('//')) {
    return { ok: false, kind: 'malformed', message: `not an absolute URL: expected ${scheme}:// before the host` };
  }
  // A space usually means two things on one line (a URL and a note), which WHATWG URL would silently encode.
  if (WHITESPACE.test(text)) {
    return { ok: false, kind: 'malformed', message: 'URL contains whitespace (write a space as %20)' };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, kind: 'malformed', message: 'not a valid URL' };
  }
  if (url.hostname === '') return { ok: false, kind: 'malformed', message: 'URL has no host' };
  // Refused, not stripped: the page behind the credentials is not the public one. See config/urls.ts.
  if (url.username !== '' || url.password !== '') {
    return {
      ok: false,
      kind: 'unsupported',
      message: 'URL contains a user name or password: Mamori watches public pages; remove the credentials',
    };
  }
  url.hash = '';
  return { ok: true, url: url.href.replace(PERCENT_ESCAPE, (escape) => escape.toUpperCase()) };
}
