/**
 * The SSRF guard for notification senders: a receiver's address is vetted by the same network
 * policy as watched pages, so a configured (or tampered) channel URL cannot make Mamori reach a
 * metadata endpoint or an internal host it may not fetch.
 */
import { lookup } from 'node:dns';
import { isIP } from 'node:net';
import { checkAddress, createGuardedLookup } from '../fetch/ssrf-guard.ts';
import type { NetworkPolicy } from '../fetch/types.ts';

export type Resolved = { ok: true; address: string } | { ok: false; error: string };

/** Resolve `host` to one address the policy allows (what SMTP and syslog connect to). */
export function resolveAllowed(host: string, policy: NetworkPolicy): Promise<Resolved> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare)) {
    const verdict = checkAddress(bare, policy);
    return Promise.resolve(
      verdict.allowed
        ? { ok: true, address: bare }
        : { ok: false, error: `refused by the network policy: ${verdict.message}` },
    );
  }
  const guarded = createGuardedLookup(policy, lookup);
  return new Promise((resolve) => {
    guarded(bare, { all: false }, (error, address) => {
      if (error) resolve({ ok: false, error: error.message });
      else resolve({ ok: true, address: typeof address === 'string' ? address : (address[0]?.address ?? '') });
    });
  });
}
