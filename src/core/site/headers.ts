/**
 * The security headers watch: a site's home page headers compared with those learnt. A header that
 * disappears or allows more than before (a CSP that newly allows inline script or a new script host,
 * HSTS switched off, framing allowed) is a finding with the before and after; a stricter one is learnt.
 * Pure.
 */
import { frameAncestorsWeakened, parseCsp, scriptWeakenings } from './csp.ts';
import { SECURITY_HEADERS, type SecurityHeader } from './codes.ts';
import { beforeAfter, finding, type WatchComparison, type WatchFinding } from './findings.ts';

export { SECURITY_HEADERS, type SecurityHeader };
export type SecurityHeaders = Partial<Record<SecurityHeader, string>>;

export interface HeadersBaseline {
  samples: number;
  headers: SecurityHeaders;
}

/** The security headers among a response's (lower-case names). */
export function securityHeadersOf(headers: Readonly<Record<string, string>>): SecurityHeaders {
  const out: SecurityHeaders = {};
  for (const name of SECURITY_HEADERS) {
    const value = headers[name];
    if (value !== undefined && value.trim() !== '') out[name] = value.trim();
  }
  return out;
}

type Weakening = { severity: WatchFinding['severity']; why: string } | null;

const REFERRER_RANK: Record<string, number> = {
  'unsafe-url': 0,
  'no-referrer-when-downgrade': 1,
  'origin-when-cross-origin': 2,
  origin: 3,
  'strict-origin-when-cross-origin': 4,
  'strict-origin': 5,
  'same-origin': 6,
  'no-referrer': 7,
};

/** The policy browsers apply: the last value they know. */
function referrerRank(value: string): number {
  const known = value
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v in REFERRER_RANK);
  const last = known[known.length - 1];
  return last === undefined ? -1 : REFERRER_RANK[last]!;
}

function hstsOf(value: string): { maxAge: number; subdomains: boolean } {
  const maxAge = /max-age\s*=\s*"?(\d+)/i.exec(value);
  return { maxAge: maxAge ? Number(maxAge[1]) : 0, subdomains: /includesubdomains/i.test(value) };
}

const FRAME_RANK: Record<string, number> = { deny: 2, sameorigin: 1 };

function permissionsOf(value: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of value.split(',')) {
    const [name, allow] = part.split('=').map((s) => s.trim());
    if (name && allow !== undefined) map.set(name.toLowerCase(), allow.replace(/\s+/g, ' '));
  }
  return map;
}

const WEAKER: Record<SecurityHeader, (before: string, after: string) => Weakening> = {
  'content-security-policy': (before, after) => {
    const b = parseCsp(before);
    const a = parseCsp(after);
    const why = [...scriptWeakenings(b, a), frameAncestorsWeakened(b, a)].filter((w): w is string => w !== null);
    return why.length > 0 ? { severity: 'medium', why: why.join('; ') } : null;
  },
  'strict-transport-security': (before, after) => {
    const b = hstsOf(before);
    const a = hstsOf(after);
    if (a.maxAge === 0 && b.maxAge > 0) return { severity: 'medium', why: 'max-age=0 switches HSTS off' };
    if (a.maxAge < b.maxAge) return { severity: 'low', why: `max-age lowered from ${b.maxAge} to ${a.maxAge}` };
    if (b.subdomains && !a.subdomains) return { severity: 'low', why: 'includeSubDomains was dropped' };
    return null;
  },
  'x-frame-options': (before, after) =>
    (FRAME_RANK[after.toLowerCase()] ?? 0) < (FRAME_RANK[before.toLowerCase()] ?? 0)
      ? { severity: 'medium', why: 'framing by other sites is allowed more widely' }
      : null,
  'x-content-type-options': (before, after) =>
    /nosniff/i.test(before) && !/nosniff/i.test(after) ? { severity: 'low', why: 'nosniff was dropped' } : null,
  'referrer-policy': (before, after) =>
    referrerRank(after) < referrerRank(before)
      ? { severity: 'low', why: 'more of the address is sent to other sites' }
      : null,
  'permissions-policy': (before, after) => {
    const b = permissionsOf(before);
    const a = permissionsOf(after);
    const looser = [...b].filter(
      ([name, allow]) => a.get(name) !== allow && (!a.has(name) || a.get(name)!.includes('*') || allow === '()'),
    );
    return looser.length > 0 ? { severity: 'low', why: `now allows more: ${looser.map(([n]) => n).join(', ')}` } : null;
  },
};

const REMOVED_SEVERITY: Record<SecurityHeader, WatchFinding['severity']> = {
  'content-security-policy': 'medium',
  'strict-transport-security': 'medium',
  'x-frame-options': 'medium',
  'x-content-type-options': 'low',
  'referrer-policy': 'low',
  'permissions-policy': 'low',
};

/** What removing X-Frame-Options costs when CSP frame-ancestors still guards framing: nothing. */
function framingStillGuarded(current: SecurityHeaders): boolean {
  const csp = current['content-security-policy'];
  return csp !== undefined && parseCsp(csp).has('frame-ancestors');
}

export function compareHeaders(
  baseline: HeadersBaseline | null,
  current: SecurityHeaders,
  url: string,
): WatchComparison<HeadersBaseline> {
  if (!baseline) return { baseline: { samples: 1, headers: { ...current } }, findings: [] };
  const learnt: SecurityHeaders = { ...baseline.headers };
  const findings: WatchFinding[] = [];
  for (const name of SECURITY_HEADERS) {
    const before = baseline.headers[name];
    const after = current[name];
    if (before === after) continue;
    if (before === undefined) {
      learnt[name] = after;
      continue;
    }
    if (after === undefined) {
      if (name === 'x-frame-options' && framingStillGuarded(current)) {
        delete learnt[name];
        continue;
      }
      const message = `${url} no longer sends ${name} (it was: ${before}).`;
      findings.push(
        finding(`header-removed-${name}`, REMOVED_SEVERITY[name], 'suspicious', message, beforeAfter(before, null)),
      );
      continue;
    }
    const weaker = WEAKER[name](before, after);
    if (weaker) {
      const message = `${url} sends a weaker ${name}: ${weaker.why}.`;
      findings.push(
        finding(`header-weakened-${name}`, weaker.severity, 'suspicious', message, beforeAfter(before, after)),
      );
    } else learnt[name] = after;
  }
  return { baseline: { samples: baseline.samples + 1, headers: learnt }, findings };
}
