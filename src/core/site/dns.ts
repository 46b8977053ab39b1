/**
 * The DNS watch's judgement: one resolution of a site's name compared with what was learnt of it.
 * CDNs rotate addresses all the time, so addresses are learnt as networks (/24, /48) and, behind a
 * CNAME, as the CNAME's provider; what a hijack changes (the name servers, the provider a CNAME
 * points to, addresses far from any seen, a removed CAA, mail policy) is a finding. Pure.
 */
import { beforeAfter, finding, type WatchComparison, type WatchFinding } from './findings.ts';
import { networkOf, providerOf } from './names.ts';

export const DNS_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'NS', 'MX', 'CAA', 'SPF', 'DMARC'] as const;
export type DnsRecordType = (typeof DNS_RECORD_TYPES)[number];

/** One resolution of a site's name. Lists are sorted, lower-case, without trailing dots. */
export interface DnsSnapshot {
  name: string;
  /** The zone apex: the nearest name at or above `name` with NS records (null when none answered). */
  zone: string | null;
  a: string[];
  aaaa: string[];
  /** The name's CNAME target, when it has one. */
  cname: string | null;
  ns: string[];
  /** Mail exchangers of the zone apex. */
  mx: string[];
  /** CAA records in force for the name (its own, or the nearest parent's), as `flags tag value`. */
  caa: string[];
  spf: string | null;
  dmarc: string | null;
  /** The name does not exist (NXDOMAIN). */
  missing: boolean;
  /** Lookups that got no answer (timeout, SERVFAIL, refused): those record types are not compared this time. */
  failed: DnsRecordType[];
}

/** What the watch has learnt of a name. */
export interface DnsBaseline {
  samples: number;
  addresses: string[];
  networks: string[];
  cnameProviders: string[];
  ns: string[];
  nsProviders: string[];
  mxProviders: string[];
  /** The CAA values seen; null until a lookup answered. */
  caa: string[] | null;
  spf: string | null;
  dmarc: string | null;
}

export interface DnsOptions {
  /** Resolutions that learn freely (CDN churn, every network seen) before changes count. */
  learnSamples: number;
}

const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])].sort();

export function firstDnsBaseline(s: DnsSnapshot): DnsBaseline {
  const addresses = union(s.a, s.aaaa);
  return {
    samples: 1,
    addresses,
    networks: union(
      [],
      addresses.map(networkOf).filter((n): n is string => n !== null),
    ),
    cnameProviders: s.cname ? [providerOf(s.cname)] : [],
    ns: union([], s.ns),
    nsProviders: union([], s.ns.map(providerOf)),
    mxProviders: union([], s.mx.map(providerOf)),
    caa: s.failed.includes('CAA') ? null : [...s.caa],
    spf: s.spf,
    dmarc: s.dmarc,
  };
}

/** Compare one resolution with the baseline; what raised no finding is learnt. */
export function compareDns(
  baseline: DnsBaseline | null,
  s: DnsSnapshot,
  options: DnsOptions,
): WatchComparison<DnsBaseline> {
  if (s.missing) {
    const message = `${s.name} no longer exists in DNS (NXDOMAIN): visitors cannot reach the site; the domain may have lapsed or its zone been removed.`;
    return {
      baseline: baseline ?? firstDnsBaseline(s),
      findings: [finding('dns-name-missing', 'high', 'down', message)],
    };
  }
  const failed: WatchFinding[] = s.failed.map((type) =>
    finding(
      'dns-lookup-failed',
      'info',
      null,
      `The ${type} lookup for ${s.name} got no answer; it is compared next time.`,
    ),
  );
  if (!baseline) return { baseline: firstDnsBaseline(s), findings: failed };
  const learning = baseline.samples < options.learnSamples;
  const next: DnsBaseline = { ...baseline, samples: baseline.samples + 1 };
  const findings = [
    ...failed,
    ...nameServers(baseline, s, next, learning),
    ...addresses(baseline, s, next, learning),
    ...caa(baseline, s, next),
    ...mailPolicy(baseline, s, next, learning),
  ];
  return { baseline: next, findings };
}

function nameServers(b: DnsBaseline, s: DnsSnapshot, next: DnsBaseline, learning: boolean): WatchFinding[] {
  if (s.failed.includes('NS') || s.ns.length === 0) return [];
  const strange = s.ns.filter((ns) => !b.nsProviders.includes(providerOf(ns)));
  if (strange.length > 0 && !learning) {
    const message = `The name servers of ${s.zone ?? s.name} moved to ${strange.join(', ')} (a provider never seen for this site; it was ${b.ns.join(', ')}): whoever runs them answers for the whole site, the classic DNS hijack.`;
    return [finding('dns-ns-changed', 'high', 'tampered', message, beforeAfter(b.ns.join(' '), s.ns.join(' ')))];
  }
  next.ns = union(b.ns, s.ns);
  next.nsProviders = union(b.nsProviders, s.ns.map(providerOf));
  const added = s.ns.filter((ns) => !b.ns.includes(ns));
  return added.length > 0 && !learning
    ? [
        finding(
          'dns-ns-added',
          'info',
          null,
          `New name server ${added.join(', ')} at a provider already used by the site: learnt.`,
        ),
      ]
    : [];
}

function addresses(b: DnsBaseline, s: DnsSnapshot, next: DnsBaseline, learning: boolean): WatchFinding[] {
  const out: WatchFinding[] = [];
  if (!s.failed.includes('CNAME') && s.cname) {
    const provider = providerOf(s.cname);
    if (!b.cnameProviders.includes(provider) && !learning) {
      const before = b.cnameProviders.length > 0 ? b.cnameProviders.join(', ') : 'no CNAME';
      const message = `${s.name} is now an alias (CNAME) of ${s.cname}, at ${provider}, a provider never seen for this site (before: ${before}).`;
      return [finding('dns-cname-provider', 'high', 'tampered', message, beforeAfter(before, s.cname))];
    }
    next.cnameProviders = union(b.cnameProviders, [provider]);
  }
  if (s.failed.includes('A') || s.failed.includes('AAAA')) return out;
  const current = union(s.a, s.aaaa);
  // Behind a CNAME of a learnt provider the addresses are the CDN's to rotate: learn them.
  const behindKnownCdn = s.cname !== null && b.cnameProviders.includes(providerOf(s.cname));
  const outside = current.filter((a) => {
    const n = networkOf(a);
    return !b.addresses.includes(a) && (n === null || !b.networks.includes(n));
  });
  if (outside.length > 0 && !learning && !behindKnownCdn) {
    const stillInside = current.length > outside.length;
    const message = stillInside
      ? `${s.name} now also resolves to ${outside.join(', ')}, outside every network it was seen in (${b.networks.join(', ')}).`
      : `${s.name} now resolves only to ${outside.join(', ')}, outside every network it was seen in (${b.networks.join(', ')}): the site's traffic goes somewhere else.`;
    const code = stillInside ? 'dns-address-new-network' : 'dns-address-moved';
    out.push(
      finding(
        code,
        stillInside ? 'medium' : 'high',
        stillInside ? 'suspicious' : 'tampered',
        message,
        beforeAfter(b.addresses.join(' '), current.join(' ')),
      ),
    );
    return out;
  }
  next.addresses = union(b.addresses, current);
  next.networks = union(
    b.networks,
    current.map(networkOf).filter((n): n is string => n !== null),
  );
  return out;
}

function caa(b: DnsBaseline, s: DnsSnapshot, next: DnsBaseline): WatchFinding[] {
  if (s.failed.includes('CAA')) return [];
  if (b.caa === null) {
    next.caa = [...s.caa];
    return [];
  }
  if (b.caa.length > 0 && s.caa.length === 0) {
    const message = `The CAA records of ${s.name} were removed: any certificate authority may now issue a certificate for it (they allowed only ${b.caa.join('; ')}).`;
    return [finding('dns-caa-removed', 'medium', 'suspicious', message, beforeAfter(b.caa.join('; '), null))];
  }
  const added = s.caa.filter((v) => !b.caa!.includes(v));
  if (b.caa.length > 0 && added.length > 0) {
    const message = `The CAA records of ${s.name} now also allow ${added.join('; ')}: a certificate authority never allowed before.`;
    return [
      finding('dns-caa-changed', 'medium', 'suspicious', message, beforeAfter(b.caa.join('; '), s.caa.join('; '))),
    ];
  }
  // Fewer authorities allowed, or CAA set where there was none: stricter, learnt.
  next.caa = [...s.caa];
  return [];
}

function mailPolicy(b: DnsBaseline, s: DnsSnapshot, next: DnsBaseline, learning: boolean): WatchFinding[] {
  const out: WatchFinding[] = [];
  if (!s.failed.includes('SPF')) {
    if (s.spf !== b.spf && !learning) {
      const message = `The SPF record of ${s.zone ?? s.name} changed: it says which servers may send its mail.`;
      out.push(finding('dns-spf-changed', 'medium', 'suspicious', message, beforeAfter(b.spf, s.spf)));
    } else next.spf = s.spf;
  }
  if (!s.failed.includes('DMARC')) {
    if (s.dmarc !== b.dmarc && !learning) {
      const message = `The DMARC policy of ${s.zone ?? s.name} changed: it tells receivers what to do with mail forged in its name.`;
      out.push(finding('dns-dmarc-changed', 'medium', 'suspicious', message, beforeAfter(b.dmarc, s.dmarc)));
    } else next.dmarc = s.dmarc;
  }
  if (!s.failed.includes('MX')) {
    const strange = s.mx.filter((mx) => !b.mxProviders.includes(providerOf(mx)));
    if (strange.length > 0 && !learning && b.mxProviders.length > 0) {
      const message = `The mail of ${s.zone ?? s.name} now goes to ${strange.join(', ')}, a provider never seen for it.`;
      out.push(
        finding(
          'dns-mx-changed',
          'medium',
          'suspicious',
          message,
          beforeAfter(b.mxProviders.join(' '), s.mx.join(' ')),
        ),
      );
    } else next.mxProviders = union(b.mxProviders, s.mx.map(providerOf));
  }
  return out;
}
