import { isIP } from 'node:net';

/** Why `value` is not an absolute http(s) URL we are willing to fetch, or null when it is fine. */
export function httpUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not an absolute URL (write it as https://host/path)`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `"${value}" must use http or https, not ${url.protocol.slice(0, -1)}`;
  if (url.hostname === '') return `"${value}" has no host`;
  // Credentials in a config file end up in logs, evidence and alerts; a monitor of public pages never needs them.
  if (url.username !== '' || url.password !== '') return `"${value}" must not contain a user name or password`;
  return null;
}

/** Why `value` is not a bare http(s) origin (a trailing `/` is tolerated), or null when it is fine. */
export function originProblem(value: string): string | null {
  const problem = httpUrlProblem(value);
  if (problem !== null) return problem;
  const url = new URL(value);
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') return `"${value}" must be an origin such as https://www.example.go.jp, without a path`;
  return null;
}

/** The origin (`scheme://host[:port]`) of a URL. Throws on an invalid URL: validate first. */
export function siteOrigin(url: string): string {
  return new URL(url).origin;
}

/**
 * The canonical form of a page URL, used for identity (duplicates) and storage: WHATWG serialisation
 * (lower-case host, punycode, percent-encoded path) without the fragment, which is never sent to the server.
 * Throws on an invalid URL: validate first.
 */
export function normalisePageUrl(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.href;
}

/** `10.0.0.0/8`, `192.168.1.1/32`, `fd00::/8`: an IPv4 or IPv6 address with a prefix length in range. */
export function isCidr(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash < 0) return false;
  const address = value.slice(0, slash);
  const prefix = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix)) return false;
  const family = isIP(address);
  if (family === 0) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}
