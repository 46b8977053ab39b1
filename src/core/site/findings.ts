/**
 * What a site watch (DNS, certificate, domain registration, security headers) says about one look at
 * a site: findings, each a reason an analyst can read, with the incident kind it warrants. Pure.
 */
import type { IncidentKind, IncidentSeverity } from '../incidents/types.ts';
import { severityRank } from '../incidents/types.ts';
import type { Reason } from '../verdict.ts';
import type { SiteReasonCode } from './codes.ts';

export const WATCH_KINDS = ['dns', 'tls', 'domain', 'headers'] as const;
export type WatchKind = (typeof WATCH_KINDS)[number];

/** A reason, and the incident it warrants: `null` when it is recorded but nobody needs to act. */
export interface WatchFinding extends Reason {
  incident: IncidentKind | null;
}

/** A comparison's answer: what it found, and the baseline to keep for the next look. */
export interface WatchComparison<B> {
  baseline: B;
  findings: WatchFinding[];
}

/** The incident one look warrants, or null when every finding is for the record only. */
export interface WatchSignal {
  kind: IncidentKind;
  severity: IncidentSeverity;
  findings: WatchFinding[];
}

const KIND_ORDER: Record<IncidentKind, number> = { tampered: 4, down: 3, suspicious: 2, degraded: 1 };
const REASON_TO_INCIDENT: Record<WatchFinding['severity'], IncidentSeverity> = {
  info: 'low',
  low: 'low',
  medium: 'medium',
  high: 'high',
};

/**
 * The worst incident among the findings. Severity is the findings' own (a certificate with 7 days
 * left is `degraded` and high), raised to critical for tampering at high severity.
 */
export function watchSignal(findings: readonly WatchFinding[]): WatchSignal | null {
  const acting = findings.filter((f) => f.incident !== null);
  if (acting.length === 0) return null;
  let kind: IncidentKind = acting[0]!.incident!;
  let severity: IncidentSeverity = 'low';
  for (const f of acting) {
    if (KIND_ORDER[f.incident!] > KIND_ORDER[kind]) kind = f.incident!;
    const s = REASON_TO_INCIDENT[f.severity];
    if (severityRank(s) > severityRank(severity)) severity = s;
  }
  if (kind === 'tampered' && severity === 'high') severity = 'critical';
  return { kind, severity, findings: [...findings] };
}

/** `watch:kind:code,code`: the same finding from the same watch has the same fingerprint. */
export function watchFingerprint(watch: WatchKind, signal: WatchSignal): string {
  const codes = [...new Set(signal.findings.filter((f) => f.incident !== null).map((f) => f.code))].sort();
  return `${watch}:${signal.kind}:${codes.join(',')}`;
}

/** A finding; its code must be one of SITE_REASON_CODES (codes.ts), which the catalogue's test reads. */
export function finding(
  code: SiteReasonCode,
  severity: WatchFinding['severity'],
  incident: IncidentKind | null,
  message: string,
  snippet?: string,
): WatchFinding {
  return snippet === undefined
    ? { code, severity, incident, message }
    : { code, severity, incident, message, evidence: { snippet } };
}

/** `before → after` for a reason's snippet, with absent values named. */
export function beforeAfter(before: string | null, after: string | null): string {
  return `${before ?? '(absent)'} → ${after ?? '(absent)'}`;
}
