/** What each watch looks at for a site: the DNS name, the TLS endpoint, the registered domain. Pure. */
import { isIP } from 'node:net';
import { providerOf } from '../core/site/names.ts';

export interface WatchTargets {
  /** The name the DNS watch resolves; null when the site has none (an address without `siteWatch.names`). */
  name: string | null;
  /** Where the certificate watch connects (https origins only), and the name it expects the certificate to cover. */
  tls: { host: string; port: number; name: string } | null;
  /** The registration the domain watch asks RDAP about. */
  domain: string | null;
}

export function watchTargets(origin: string, names: Readonly<Record<string, string>>): WatchTargets {
  const url = new URL(origin);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const configured = names[origin] ?? names[url.origin] ?? null;
  const own = isIP(host) === 0 && host !== 'localhost' && host.includes('.') ? host : null;
  const name = (configured ?? own)?.toLowerCase().replace(/\.$/, '') ?? null;
  const tls = url.protocol === 'https:' ? { host, port: url.port ? Number(url.port) : 443, name: name ?? host } : null;
  return { name, tls, domain: name ? providerOf(name) : null };
}
