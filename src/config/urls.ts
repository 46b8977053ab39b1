import { isIP } from 'node:net';

/** Why `value` is not an absolute http(s) URL we are willing to fetch, or null when it is fine. */
export function httpUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${redactUrl(value)}" is not an absolute URL (write it as https://host/path)`;
  }
  const shown = redactUrl(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `"${shown}" must use http or https, not ${url.protocol.slice(0, -1)}`;
  if (url.hostname === '') return `"${shown}" has no host`;
  const credentials = credentialsProblem(value);
  if (credentials !== null) return credentials;
  return null;
}

/** Why `value` is not a bare http(s) origin (a trailing `/` is tolerated), or null when it is fine. */
export function originProblem(value: string): string | null {
  const problem = httpUrlProblem(value);
  if (problem !== null) return problem;
  const url = new URL(value);
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '')
    return `"${redactUrl(value)}" must be an origin such as https://www.example.go.jp, without a path`;
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

/** A single address (`10.0.0.5`, `::1`) or a CIDR range. */
export function isIpOrCidr(value: string): boolean {
  return isIP(value) !== 0 || isCidr(value);
}

/** The user-information part of an absolute URL (`scheme://user:pass@`), up to the last `@` before the path. */
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#\\]*@/i;

/**
 * A URL fit to show in a message, a log line or an API answer: any `user:password@` becomes `***@`.
 * Works on text that is not a valid URL too, since that is often what an error message quotes.
 */
export function redactUrl(value: string): string {
  return value.replace(USERINFO, '$1***@');
}

/**
 * Why a target URL is refused for carrying credentials, or null. Refused rather than stored redacted:
 * a redacted URL would fetch a different page, and credentials kept anywhere end up in logs, evidence
 * and alerts. A monitor of public pages never needs them.
 */
export function credentialsProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return USERINFO.test(value.trim()) ? `"${redactUrl(value.trim())}" must not contain a user name or password` : null;
  }
  if (url.username === '' && url.password === '') return null;
  return `"${redactUrl(value.trim())}" must not contain a user name or password: Mamori watches public pages, and credentials in a URL would end up in logs, evidence and alerts`;
}
