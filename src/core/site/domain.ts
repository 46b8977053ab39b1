/**
 * The domain watch's judgement, from an RDAP answer (RFC 9083): when the registration expires, and who
 * the registrar is. A lapse is an outage waiting to happen and a domain anyone can buy; a new
 * registrar is a transfer, which hijackers need. Dates come in parsed by the caller. Pure.
 */
import { expiryFinding } from './expiry.ts';
import { beforeAfter, finding, type WatchComparison, type WatchFinding } from './findings.ts';

/** What the watch reads from an RDAP domain object. Dates stay as the RFC 3339 strings they are. */
export interface RdapDomain {
  handle: string | null;
  expiration: string | null;
  registrar: string | null;
  status: string[];
  nameservers: string[];
}

export interface DomainSnapshot {
  domain: string;
  expiresAt: number | null;
  registrar: string | null;
  status: string[];
  nameservers: string[];
}

export interface DomainBaseline {
  samples: number;
  registrar: string | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** The vCard `fn` of an entity (jCard: ["vcard", [["fn", {}, "text", "Name"], ...]]). */
function entityName(entity: Record<string, unknown>): string | null {
  const card = list(entity['vcardArray'])[1];
  for (const prop of list(card)) {
    const p = list(prop);
    if (p[0] === 'fn') return text(p[3]);
  }
  return text(entity['handle']);
}

/** Read an RDAP domain object; anything not in the expected shape is left out, never guessed. */
export function readRdapDomain(json: unknown): RdapDomain | null {
  if (!isRecord(json) || json['objectClassName'] !== 'domain') return null;
  const expiration = list(json['events']).find((e) => isRecord(e) && e['eventAction'] === 'expiration');
  const registrar = list(json['entities']).find((e) => isRecord(e) && list(e['roles']).includes('registrar'));
  return {
    handle: text(json['handle']),
    expiration: isRecord(expiration) ? text(expiration['eventDate']) : null,
    registrar: isRecord(registrar) ? entityName(registrar) : null,
    status: list(json['status']).filter((s): s is string => typeof s === 'string'),
    nameservers: list(json['nameservers'])
      .map((n) => (isRecord(n) ? text(n['ldhName']) : null))
      .filter((n): n is string => n !== null)
      .map((n) => n.toLowerCase()),
  };
}

export function compareDomain(
  baseline: DomainBaseline | null,
  s: DomainSnapshot,
  o: { now: number; expiryDays: readonly number[] },
): WatchComparison<DomainBaseline> {
  const findings: WatchFinding[] = [];
  if (s.expiresAt === null)
    findings.push(
      finding(
        'domain-expiry-unknown',
        'info',
        null,
        `The registry's RDAP answer for ${s.domain} gives no expiration date.`,
      ),
    );
  else {
    const expiry = expiryFinding('domain', `The registration of ${s.domain}`, s.expiresAt, o.now, o.expiryDays);
    if (expiry) findings.push(expiry);
  }
  if (!baseline) return { baseline: { samples: 1, registrar: s.registrar }, findings };
  if (s.registrar !== null && baseline.registrar !== null && s.registrar !== baseline.registrar) {
    const message = `${s.domain} moved to another registrar, ${s.registrar} (was ${baseline.registrar}): a transfer, which is how domains are stolen.`;
    findings.push(
      finding('domain-registrar-changed', 'high', 'suspicious', message, beforeAfter(baseline.registrar, s.registrar)),
    );
    return { baseline: { ...baseline, samples: baseline.samples + 1 }, findings };
  }
  return { baseline: { samples: baseline.samples + 1, registrar: s.registrar ?? baseline.registrar }, findings };
}
