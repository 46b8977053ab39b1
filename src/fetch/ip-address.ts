import { isIP } from 'node:net';

/** An IP address as raw bytes: 4 for IPv4, 16 for IPv6. */
export interface IpBytes {
  version: 4 | 6;
  bytes: Uint8Array;
}

/** A CIDR range. A bare address is a range of one (/32 or /128). */
export interface Cidr {
  version: 4 | 6;
  bytes: Uint8Array;
  prefix: number;
}

/** Parses an IPv4 or IPv6 literal (brackets and a `%zone` suffix are tolerated); null when it is not one. */
export function parseIp(input: string): IpBytes | null {
  const text = stripBrackets(input).replace(/%.*$/, '');
  const version = isIP(text);
  if (version === 4) return { version: 4, bytes: parseV4(text) };
  if (version === 6) return { version: 6, bytes: parseV6(text) };
  return null;
}

/**
 * Turns an IPv4-mapped IPv6 address (::ffff:a.b.c.d) into the IPv4 address it is:
 * the kernel connects to the IPv4 host, so it must be judged as one.
 */
export function unmapIp(ip: IpBytes): IpBytes {
  if (ip.version !== 6) return ip;
  const b = ip.bytes;
  const zeros = b.subarray(0, 10).every((x) => x === 0);
  if (zeros && b[10] === 0xff && b[11] === 0xff) return { version: 4, bytes: b.slice(12, 16) };
  return ip;
}

/** Parses `10.0.0.0/8`, `fd00::/8` or a bare address. Throws with a message naming the bad entry. */
export function parseCidr(input: string): Cidr {
  const [addressPart = '', prefixPart, ...rest] = input.trim().split('/');
  const ip = parseIp(addressPart);
  if (!ip || rest.length > 0)
    throw new TypeError(`Invalid CIDR "${input}": expected an address like 10.0.0.0/8 or fd00::/8`);
  const max = ip.version === 4 ? 32 : 128;
  const prefix = prefixPart === undefined ? max : Number(prefixPart);
  if (
    !Number.isInteger(prefix) ||
    prefix < 0 ||
    prefix > max ||
    (prefixPart !== undefined && !/^\d+$/.test(prefixPart))
  ) {
    throw new TypeError(`Invalid CIDR "${input}": prefix length must be 0..${max}`);
  }
  return { version: ip.version, bytes: ip.bytes, prefix };
}

/** True when `ip` lies inside `cidr` (same IP version only; unmap first if needed). */
export function inCidr(ip: IpBytes, cidr: Cidr): boolean {
  if (ip.version !== cidr.version) return false;
  const fullBytes = Math.floor(cidr.prefix / 8);
  for (let i = 0; i < fullBytes; i++) {
    if (ip.bytes[i] !== cidr.bytes[i]) return false;
  }
  const remainingBits = cidr.prefix % 8;
  if (remainingBits === 0) return true;
  const mask = (0xff << (8 - remainingBits)) & 0xff;
  return ((ip.bytes[fullBytes] ?? 0) & mask) === ((cidr.bytes[fullBytes] ?? 0) & mask);
}

/** Formats bytes back to a conventional string (IPv6 without `::` compression: only for messages). */
export function formatIp(ip: IpBytes): string {
  if (ip.version === 4) return Array.from(ip.bytes).join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((ip.bytes[i] ?? 0) << 8) | (ip.bytes[i + 1] ?? 0)).toString(16));
  return groups.join(':');
}

function stripBrackets(text: string): string {
  return text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
}

function parseV4(text: string): Uint8Array {
  return Uint8Array.from(text.split('.').map((part) => Number(part)));
}

/** Expects text already validated by `isIP`; handles `::` and an embedded dotted IPv4 tail. */
function parseV6(text: string): Uint8Array {
  let groups: number[] = [];
  let tail = text;
  const lastColon = tail.lastIndexOf(':');
  const v4Tail = tail.slice(lastColon + 1);
  const v4Words: number[] = [];
  if (v4Tail.includes('.')) {
    const v4 = parseV4(v4Tail);
    v4Words.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
    tail = tail.slice(0, lastColon + 1) + '0';
  }
  const [head = '', rest] = tail.split('::');
  const headWords = head === '' ? [] : head.split(':').map((g) => parseInt(g, 16));
  const restWords = rest === undefined || rest === '' ? [] : rest.split(':').map((g) => parseInt(g, 16));
  if (v4Words.length > 0) (rest === undefined ? headWords : restWords).splice(-1, 1, ...v4Words);
  const missing = 8 - headWords.length - restWords.length;
  groups = rest === undefined ? headWords : [...headWords, ...new Array<number>(missing).fill(0), ...restWords];
  const bytes = new Uint8Array(16);
  groups.forEach((word, i) => {
    bytes[i * 2] = word >> 8;
    bytes[i * 2 + 1] = word & 0xff;
  });
  return bytes;
}
