/** Content-Security-Policy as the headers watch reads it: directives and their sources. Pure. */

export type CspPolicy = Map<string, string[]>;

/** Parse a policy (several policies joined by `, ` are read as one: the first of a directive wins). */
export function parseCsp(value: string): CspPolicy {
  const policy: CspPolicy = new Map();
  for (const part of value.split(/[;,]/)) {
    const [name, ...sources] = part.trim().split(/\s+/).filter(Boolean);
    if (!name) continue;
    const key = name.toLowerCase();
    if (!policy.has(key))
      policy.set(
        key,
        sources.map((s) => (s.startsWith("'") ? s.toLowerCase() : s)),
      );
  }
  return policy;
}

/** The sources that govern scripts: `script-src`, else `default-src`; null when scripts are unrestricted. */
export function scriptSources(policy: CspPolicy): string[] | null {
  return policy.get('script-src') ?? policy.get('default-src') ?? null;
}

const isKeyword = (s: string) => s.startsWith("'");
const hasNonceOrHash = (sources: readonly string[]) => sources.some((s) => /^'(nonce|sha256|sha384|sha512)-/.test(s));

/** What a later policy allows for scripts that an earlier one did not, each in words. */
export function scriptWeakenings(before: CspPolicy, after: CspPolicy): string[] {
  const was = scriptSources(before);
  if (was === null) return [];
  const now = scriptSources(after);
  if (now === null) return ['scripts are no longer restricted (no script-src or default-src)'];
  const out: string[] = [];
  // With a nonce or hash, browsers ignore 'unsafe-inline': it only weakens a policy without them.
  if (now.includes("'unsafe-inline'") && !was.includes("'unsafe-inline'") && !hasNonceOrHash(now))
    out.push("scripts now allow 'unsafe-inline'");
  if (now.includes("'unsafe-eval'") && !was.includes("'unsafe-eval'")) out.push("scripts now allow 'unsafe-eval'");
  const hosts = now.filter((s) => !isKeyword(s) && !was.includes(s));
  if (hosts.length > 0) out.push(`scripts may now come from ${hosts.join(', ')}`);
  return out;
}

/** Whether framing got looser: `frame-ancestors` removed, or widened to any origin. */
export function frameAncestorsWeakened(before: CspPolicy, after: CspPolicy): string | null {
  const was = before.get('frame-ancestors');
  if (!was) return null;
  const now = after.get('frame-ancestors');
  if (!now) return 'frame-ancestors was removed';
  const added = now.filter((s) => !was.includes(s));
  return added.length > 0 ? `frame-ancestors now also allows ${added.join(', ')}` : null;
}
