import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The client's address, for login rate limiting and the audit trail.
 *
 * X-Forwarded-For is believed only when the connection comes from a configured trusted proxy
 * (`api.trustedProxies`): anyone else can write the header. Behind a proxy the header lists the hops
 * left to right, each proxy appending the address it saw; entries left of the first untrusted hop may
 * be made up by the client, so the client is the right-most address that is not a trusted proxy.
 * Requests that did not come through the node server (app.request in tests) have no socket: 'unknown'.
 */
export type ClientIp = (c: Context) => string;

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) → `10.0.0.1`, so one list matches both forms. */
function plainAddress(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped?.[1] ?? address;
}

/** Thrown at start-up for a trusted-proxy entry that is neither an address nor a CIDR: fix api.trustedProxies. */
export class TrustedProxyConfigError extends Error {
  constructor(entry: string) {
    super(`api.trustedProxies: "${entry}" is neither an IP address nor a CIDR range`);
    this.name = 'TrustedProxyConfigError';
  }
}

export function trustedProxyList(entries: readonly string[]): (address: string) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(plainAddress(address));
    if (family === 0) throw new TrustedProxyConfigError(entry);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(plainAddress(address), type);
    else list.addSubnet(plainAddress(address), Number(prefix), type);
  }
  return (address) => {
    const plain = plainAddress(address);
    const family = isIP(plain);
    return family !== 0 && list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
  };
}

/**
 * Pure: the client address given the connection's peer and the X-Forwarded-For header(s).
 * A malformed hop ends the walk at the trusted proxy that passed it on: nothing it claims can be checked.
 */
export function resolveClientAddress(
  peer: string,
  forwardedFor: string | undefined,
  trusted: (address: string) => boolean,
): string {
  let client = plainAddress(peer);
  if (!trusted(client) || !forwardedFor) return client;
  const hops = forwardedFor
    .split(',')
    .map((hop) => hop.trim())
    .filter((hop) => hop !== '');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = plainAddress(hops[i] ?? '');
    if (isIP(hop) === 0) return client;
    client = hop;
    if (!trusted(hop)) return hop;
  }
  return client;
}

/** The socket's peer address, or null outside the node server. */
function peerOf(c: Context): string | null {
  const env = c.env as { incoming?: unknown } | undefined;
  if (!env?.incoming) return null;
  return getConnInfo(c).remote.address ?? null;
}

/** The client address reader for these trusted proxies (none: the peer is the client, headers ignored). */
export function createClientIp(trustedProxies: readonly string[] = []): ClientIp {
  const trusted = trustedProxyList(trustedProxies);
  return (c) => {
    const peer = peerOf(c);
    if (peer === null) return 'unknown';
    // Several X-Forwarded-For headers are one list, in order (RFC 9110 §5.3); Headers.get joins them with ", ".
    return resolveClientAddress(peer, c.req.header('x-forwarded-for'), trusted);
  };
}

/** No trusted proxies: the connection's peer. */
export const clientIp: ClientIp = createClientIp();
