import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress, LookupAllOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { BlockedError } from './errors.ts';
import { formatIp, inCidr, parseCidr, parseIp, unmapIp } from './ip-address.ts';
import type { Cidr, IpBytes } from './ip-address.ts';
import type { NetworkPolicy } from './types.ts';

/**
 * What kind of address an IP is, for the network policy.
 * `metadata` is a cloud instance-metadata endpoint (169.254.169.254, fd00:ec2::254, ...): singled out
 * because reaching it leaks credentials, and some of them sit inside ranges that policy may allow.
 */
export type IpClass =
  'public' | 'loopback' | 'private' | 'link-local' | 'metadata' | 'unspecified' | 'multicast' | 'reserved';

export type AddressVerdict =
  { allowed: true; ipClass: IpClass } | { allowed: false; ipClass: IpClass; message: string };

type Rule = readonly [cidr: Cidr, ipClass: IpClass];

const rules = (entries: Array<[string, IpClass]>): Rule[] => entries.map(([c, k]) => [parseCidr(c), k] as const);

/** First match wins, so the metadata hosts come before the ranges that contain them. */
const V4_RULES = rules([
  ['169.254.169.254/32', 'metadata'], // AWS, GCP, Azure, OpenStack, ...
  ['100.100.100.200/32', 'metadata'], // Alibaba Cloud, inside CGNAT space
  ['0.0.0.0/8', 'unspecified'], // "this network": 0.0.0.0 reaches the local host on Linux
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'private'], // CGNAT
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'],
  ['192.0.2.0/24', 'reserved'],
  ['192.88.99.0/24', 'reserved'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'reserved'],
  ['198.51.100.0/24', 'reserved'],
  ['203.0.113.0/24', 'reserved'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'], // includes broadcast 255.255.255.255
]);

const V6_RULES = rules([
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['fd00:ec2::254/128', 'metadata'], // AWS IMDS over IPv6, inside ULA space
  ['::/96', 'reserved'], // deprecated IPv4-compatible addresses
  ['64:ff9b:1::/48', 'private'], // local-use NAT64
  ['100::/64', 'reserved'], // discard-only
  ['2001::/32', 'reserved'], // Teredo: hides an IPv4 address we cannot vet
  ['2001:10::/28', 'reserved'],
  ['2001:20::/28', 'reserved'],
  ['2001:db8::/32', 'reserved'],
  ['3fff::/20', 'reserved'],
  ['fc00::/7', 'private'], // ULA
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'private'], // deprecated site-local
  ['ff00::/8', 'multicast'],
]);

const NAT64 = parseCidr('64:ff9b::/96');
const SIX_TO_FOUR = parseCidr('2002::/16');
const GLOBAL_UNICAST_V6 = parseCidr('2000::/3');

/** Classifies an IP literal; null when the text is not an IP address. */
export function classifyIp(address: string): IpClass | null {
  const ip = parseIp(address);
  return ip ? classifyBytes(unmapIp(ip)) : null;
}

function classifyBytes(ip: IpBytes): IpClass {
  const table = ip.version === 4 ? V4_RULES : V6_RULES;
  for (const [cidr, ipClass] of table) {
    if (inCidr(ip, cidr)) return ipClass;
  }
  if (ip.version === 4) return 'public';
  // NAT64 and 6to4 carry an IPv4 address that a gateway will reach for us: judge that address.
  if (inCidr(ip, NAT64)) return classifyBytes({ version: 4, bytes: ip.bytes.slice(12, 16) });
  if (inCidr(ip, SIX_TO_FOUR)) return classifyBytes({ version: 4, bytes: ip.bytes.slice(2, 6) });
  // Outside 2000::/3 nothing is allocated for global unicast.
  return inCidr(ip, GLOBAL_UNICAST_V6) ? 'public' : 'reserved';
}

const parsedAllowCidrs = new WeakMap<NetworkPolicy, Cidr[]>();

function allowCidrsOf(policy: NetworkPolicy): Cidr[] {
  let cidrs = parsedAllowCidrs.get(policy);
  if (!cidrs) {
    cidrs = policy.allowCidrs.map(parseCidr);
    parsedAllowCidrs.set(policy, cidrs);
  }
  return cidrs;
}

/** Throws a TypeError naming the bad `allowCidrs` entry; call it once when building a fetcher. */
export function assertValidPolicy(policy: NetworkPolicy): void {
  allowCidrsOf(policy);
}

/**
 * Decides whether a connection to `address` is allowed.
 * Link-local, metadata, unspecified and multicast are refused whatever the policy says;
 * loopback needs `allowLoopback`; private and reserved need `allowPrivate` (private only) or an `allowCidrs` entry.
 */
export function checkAddress(address: string, policy: NetworkPolicy): AddressVerdict {
  const parsed = parseIp(address);
  if (!parsed) return { allowed: false, ipClass: 'reserved', message: `"${address}" is not an IP address` };
  const ip = unmapIp(parsed);
  const ipClass = classifyBytes(ip);
  const shown = parsed.version === ip.version ? address : `${address} (${formatIp(ip)})`;
  const refuse = (why: string): AddressVerdict => ({ allowed: false, ipClass, message: `${shown} ${why}` });
  switch (ipClass) {
    case 'public':
      return { allowed: true, ipClass };
    case 'metadata':
      return refuse('is a cloud metadata endpoint; always refused');
    case 'link-local':
    case 'unspecified':
    case 'multicast':
      return refuse(`is a ${ipClass} address; always refused`);
    case 'loopback':
      return policy.allowLoopback
        ? { allowed: true, ipClass }
        : refuse('is a loopback address; allow it with network.allowLoopback (MAMORI_NETWORK_ALLOW_LOOPBACK=true)');
    case 'private':
    case 'reserved':
      if ((ipClass === 'private' && policy.allowPrivate) || allowCidrsOf(policy).some((c) => inCidr(ip, c))) {
        return { allowed: true, ipClass };
      }
      return refuse(`is a ${ipClass} address; allow it with network.allowPrivate or an entry in network.allowCidrs`);
  }
}

/**
 * Checks a URL before any connection: only http(s), and a literal-IP host is vetted here because
 * Node does not call `lookup` for IP literals. Returns null when the URL may be fetched.
 */
export function checkUrl(url: URL, policy: NetworkPolicy): BlockedError | null {
  const reason = urlRefusal(url, policy);
  return reason === null ? null : new BlockedError(`${url.href}: ${reason}`);
}

/**
 * Why `checkUrl` refuses a URL, or null: a function of the URL's scheme and host alone (and the
 * policy), which is what lets `createUrlGuard` (url-guard.ts) remember the answer per host.
 */
export function urlRefusal(url: URL, policy: NetworkPolicy): string | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `only http: and https: URLs are fetched, not ${url.protocol}`;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (parseIp(host) === null) return null;
  const verdict = checkAddress(host, policy);
  return verdict.allowed ? null : verdict.message;
}

export type DnsLookupAll = (
  hostname: string,
  options: LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * A `lookup` for net/tls connect that vets every resolved address at connect time, so DNS rebinding
 * and redirects to internal names are caught where the socket is actually opened. Disallowed
 * addresses are dropped; when none is left the connection fails with a BlockedError.
 */
export function createGuardedLookup(policy: NetworkPolicy, resolve: DnsLookupAll = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      const verdicts = addresses.map((a) => ({ entry: a, verdict: checkAddress(a.address, policy) }));
      const allowed = verdicts.filter((v) => v.verdict.allowed).map((v) => v.entry);
      const first = allowed[0];
      if (!first) {
        const reasons = verdicts.map((v) => (v.verdict.allowed ? '' : v.verdict.message)).join('; ');
        callback(new BlockedError(`${hostname} resolves only to refused addresses: ${reasons || 'none'}`), '', 0);
        return;
      }
      if (options.all) callback(null, allowed);
      else callback(null, first.address, first.family);
    });
  };
}
