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
