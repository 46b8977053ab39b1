import { BlockedError } from './errors.ts';
import { urlRefusal } from './ssrf-guard.ts';
import type { NetworkPolicy } from './types.ts';

/** Why a URL is refused, or null: must depend on nothing but the URL's scheme, host and port. */
export type UrlRefusal = (url: URL, policy: NetworkPolicy) => string | null;

export interface UrlGuardOptions {
  /** Hosts remembered at most; the oldest is forgotten first. An estate has a few thousand origins. */
  maxEntries?: number;
  /** The check remembered; `urlRefusal` (the SSRF guard's URL-level check) unless a test swaps it. */
  refusal?: UrlRefusal;
}

const DEFAULT_MAX_ENTRIES = 4096;

/**
 * `checkUrl` remembered per scheme, host and port. A watch asks the same question for the same few
 * thousand hosts on every check, and parsing a literal IP (or finding that the host is none) each time
 * was measurable. Only the URL-level answer is remembered: the connect-time guard
 * (`createGuardedLookup`) still vets every resolved address on every connection, so a name that
 * later resolves somewhere refused is still caught where the socket opens.
 *
 * The key is built from WHATWG URL's normalised parts (decimal, octal and hex IPv4 already written as
 * dotted quads, IDN hosts as punycode), the same text `urlRefusal` reads, so the memo cannot answer for
 * a spelling the plain check would judge differently.
 */
export function createUrlGuard(
  policy: NetworkPolicy,
  options: UrlGuardOptions = {},
): (url: URL) => BlockedError | null {
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const refusal = options.refusal ?? urlRefusal;
  const remembered = new Map<string, string | null>();
  return (url) => {
    // `port` is '' for the scheme's default port, so http://h/ and http://h:80/ share one entry.
    const key = `${url.protocol}//${url.hostname}:${url.port}`;
    let reason = remembered.get(key);
    if (reason === undefined) {
      reason = refusal(url, policy);
      if (remembered.size >= maxEntries) remembered.delete(remembered.keys().next().value!);
      remembered.set(key, reason);
    }
    // A fresh error per refusal: its message names the URL asked for, as `checkUrl`'s does.
    return reason === null ? null : new BlockedError(`${url.href}: ${reason}`);
  };
}
