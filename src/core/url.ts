/** URL helpers for the page model: resolution against the page, hosts, and what "external" means. */

export interface ResolvedUrl {
  href: string;
  /** Lower-case host (with port), or null for non-network schemes (javascript:, mailto:, data:). */
  host: string | null;
}

export function resolveUrl(raw: string, base: string): ResolvedUrl | null {
  const trimmed = raw.trim();
  if (!trimmed) return null;
  try {
    const u = new URL(trimmed, base);
    const network = u.protocol === 'http:' || u.protocol === 'https:';
    return { href: u.href, host: network ? u.host.toLowerCase() : null };
  } catch {
    return null;
  }
}

/**
 * The site a host belongs to, as a visitor sees it: no leading `www.` and no port, so
 * `www.moj.go.jp`, `moj.go.jp` and `moj.go.jp:8443` are one site.
 */
export function siteHost(host: string): string {
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  return name.startsWith('www.') ? name.slice(4) : name;
}

export function hostOf(url: string): string | null {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}

/** A host other than the page's own (ignoring `www.`). */
export function isExternalHost(host: string | null, pageHost: string | null): boolean {
  if (host === null || pageHost === null) return false;
  return siteHost(host) !== siteHost(pageHost);
}

/** Second-level labels under which country domains register names (`go.jp`, `co.uk`, `gov.au`, ...). */
const GENERIC_SECOND_LEVEL = new Set(['ac', 'ad', 'co', 'com', 'ed', 'edu', 'go', 'gob', 'gouv', 'gov', 'govt', 'gr', 'lg', 'ne', 'net', 'or', 'org', 'mil', 'nic', 'nhs', 'police', 'sch', 'ltd', 'plc', 'me']);

/**
 * The registrable domain of a host, approximately (no public-suffix list in the pure core):
 * `app.usercentrics.eu` → `usercentrics.eu`, `www.moj.go.jp` → `moj.go.jp`. Used only to tell
 * first-party and already-trusted hosts from new ones, where an approximation errs towards "new".
 */
export function registrableDomain(host: string): string {
  const name = siteHost(host);
  if (/^[\d.]+$/.test(name) || name.startsWith('[')) return name;
  const labels = name.split('.');
  if (labels.length <= 2) return name;
  const tld = labels[labels.length - 1] ?? '';
  const sld = labels[labels.length - 2] ?? '';
  const take = tld.length === 2 && GENERIC_SECOND_LEVEL.has(sld) ? 3 : 2;
  return labels.slice(-take).join('.');
}

/** An absolute URL with volatile parts folded (digits, hex and version tokens), for "seen this script before?". */
export function foldUrl(url: string): string {
  return url.replace(/[0-9a-f]{8,}/gi, '~').replace(/\d+/g, '0');
}
