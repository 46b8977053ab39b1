/**
 * One resolution of a site's name, for the DNS watch: every record type it compares, asked of the
 * configured resolver (node:dns Resolver, so tests point it at a server on loopback). A lookup that
 * gets no answer is listed as failed rather than read as "no records": only an answer is compared.
 */
import { Resolver } from 'node:dns/promises';
import type { DnsRecordType, DnsSnapshot } from '../core/site/dns.ts';
import { climb, normaliseName } from '../core/site/names.ts';

export interface ResolverOptions {
  /** `host` or `host:port` of the resolvers to ask; empty means the system's. */
  servers: readonly string[];
  timeoutMs: number;
}

/** "No such records" answers: the name exists without records of the type, or does not exist. */
const EMPTY = new Set(['ENODATA', 'ENOTFOUND']);

type Answer<T> = { ok: true; value: T } | { ok: false; code: string };

async function ask<T>(lookup: () => Promise<T>, empty: T): Promise<Answer<T>> {
  try {
    return { ok: true, value: await lookup() };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && EMPTY.has(code))
      return code === 'ENOTFOUND' ? { ok: false, code } : { ok: true, value: empty };
    return { ok: false, code: typeof code === 'string' ? code : 'EUNKNOWN' };
  }
}

const sorted = (names: readonly string[]) => [...new Set(names.map(normaliseName))].sort();

export function makeResolver(options: ResolverOptions): Resolver {
  const resolver = new Resolver({ timeout: options.timeoutMs, tries: 2 });
  if (options.servers.length > 0) resolver.setServers([...options.servers]);
  return resolver;
}

export async function resolveSite(name: string, resolver: Resolver): Promise<DnsSnapshot> {
  const failed: DnsRecordType[] = [];
  const settle = <T>(type: DnsRecordType, answer: Answer<T>, empty: T): T => {
    if (answer.ok) return answer.value;
    if (answer.code !== 'ENOTFOUND') failed.push(type);
    return empty;
  };
  const [a4, a6, cn] = await Promise.all([
    ask(() => resolver.resolve4(name), [] as string[]),
    ask(() => resolver.resolve6(name), [] as string[]),
    ask(() => resolver.resolveCname(name), [] as string[]),
  ]);
  const missing = [a4, a6, cn].every((x) => !x.ok && x.code === 'ENOTFOUND');
  const a = settle('A', a4, []);
  const aaaa = settle('AAAA', a6, []);
  const cname = settle('CNAME', cn, [])[0] ?? null;
  const { zone, ns } = await nameServers(name, resolver, failed);
  const [mx, caa, spf, dmarc] = await Promise.all([
    mailPolicy(zone ?? name, resolver, failed, settle),
    inheritedCaa(name, resolver, failed),
  ]).then(([mail, caa]) => [mail.mx, caa, mail.spf, mail.dmarc] as const);
  return {
    name: normaliseName(name),
    zone,
    a: [...a].sort(),
    aaaa: [...aaaa].sort(),
    cname: cname === null ? null : normaliseName(cname),
    ns: sorted(ns),
    mx: sorted(mx),
    caa: [...caa].sort(),
    spf,
    dmarc,
    missing,
    failed,
  };
}

type Settle = <T>(type: DnsRecordType, answer: Answer<T>, empty: T) => T;

/**
 * MX, SPF and DMARC live at the zone apex. When the NS lookup failed the apex is unknown, and asking
 * at the site's own name would read "no SPF" for a zone that has one (a false `dns-spf-changed` each
 * time a resolver times out): they are listed as failed instead, compared again next time.
 */
async function mailPolicy(apex: string, resolver: Resolver, failed: DnsRecordType[], settle: Settle) {
  if (failed.includes('NS')) {
    failed.push('MX', 'SPF', 'DMARC');
    return { mx: [] as string[], spf: null, dmarc: null };
  }
  const [mx, spf, dmarc] = await Promise.all([
    ask(() => resolver.resolveMx(apex), []).then((x) => settle('MX', x, []).map((r) => r.exchange)),
    ask(() => resolver.resolveTxt(apex), [] as string[][]).then((x) => pick(settle('SPF', x, []), 'v=spf1')),
    ask(() => resolver.resolveTxt(`_dmarc.${apex}`), [] as string[][]).then((x) =>
      pick(settle('DMARC', x, []), 'v=dmarc1'),
    ),
  ]);
  return { mx, spf, dmarc };
}

/** The TXT record that starts with `prefix` (chunks joined, as RFC 7208 says), or null. */
function pick(records: string[][], prefix: string): string | null {
  return records.map((chunks) => chunks.join('')).find((t) => t.toLowerCase().startsWith(prefix)) ?? null;
}

/** The nearest name at or above `name` with NS records: its zone apex. */
async function nameServers(name: string, resolver: Resolver, failed: DnsRecordType[]) {
  for (const candidate of climb(name)) {
    const answer = await ask(() => resolver.resolveNs(candidate), [] as string[]);
    if (!answer.ok && answer.code !== 'ENOTFOUND') {
      failed.push('NS');
      return { zone: null, ns: [] };
    }
    if (answer.ok && answer.value.length > 0) return { zone: candidate, ns: answer.value };
  }
  return { zone: null, ns: [] };
}

/** CAA in force for a name: its own records, else the nearest parent's (RFC 8659 tree climbing). */
async function inheritedCaa(name: string, resolver: Resolver, failed: DnsRecordType[]): Promise<string[]> {
  for (const candidate of climb(name)) {
    const answer = await ask(() => resolver.resolveCaa(candidate), []);
    if (!answer.ok && answer.code !== 'ENOTFOUND') {
      failed.push('CAA');
      return [];
    }
    if (answer.ok && answer.value.length > 0)
      return answer.value.map((r) => {
        const { critical, ...rest } = r;
        const [tag, value] = Object.entries(rest)[0] ?? ['unknown', ''];
        return `${critical} ${tag} ${String(value)}`;
      });
  }
  return [];
}
