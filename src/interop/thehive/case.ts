/**
 * Pure mapping of one Mamori incident to a TheHive 5 case and its observables (TheHive's v1 API:
 * InputCase for POST /api/v1/case, InputObservable for POST /api/v1/case/{id}/observable).
 */
import { IPV4 } from '../misp/objects.ts';
import { runSuffix } from '../observation-run.ts';
import type { ScreenshotInput } from '../misp/types.ts';
import type { IncidentInput, ObservationInput, OrganisationInput } from '../stix/types.ts';

/** TheHive 5's TLP and PAP numbers (TLP 2.0: CLEAR 0, GREEN 1, AMBER 2, AMBER+STRICT 3, RED 4; PAP CLEAR 0 .. RED 3). */
export const THEHIVE_TLP = { clear: 0, green: 1, amber: 2, 'amber+strict': 3, red: 4 } as const;
export const THEHIVE_PAP = { clear: 0, green: 1, amber: 2, red: 3 } as const;
export type TlpName = keyof typeof THEHIVE_TLP;
export type PapName = keyof typeof THEHIVE_PAP;

/** Severity 1 low, 2 medium, 3 high, 4 critical. */
const SEVERITY: Record<string, 1 | 2 | 3 | 4> = { low: 1, medium: 2, high: 3, critical: 4 };

export interface TheHiveCaseInput {
  title: string;
  description: string;
  severity: 1 | 2 | 3 | 4;
  startDate: number;
  tags: string[];
  flag: boolean;
  tlp: number;
  pap: number;
}

export interface TheHiveObservableInput {
  dataType: string;
  /** Absent for a file observable: the file is the data. */
  data?: string;
  message: string;
  tlp: number;
  pap: number;
  tags: string[];
  ioc: boolean;
  sighted: boolean;
  ignoreSimilarity?: boolean;
}

/** An observable and, for `file`, the attachment sent with it as multipart. */
export interface TheHiveObservable {
  observable: TheHiveObservableInput;
  attachment?: { filename: string; mediaType: string; data: Buffer };
}

export interface CaseContent {
  incident: IncidentInput;
  organisation: OrganisationInput | null;
  observations: readonly ObservationInput[];
  screenshots: readonly ScreenshotInput[];
}

export interface CaseMarking {
  tlp: TlpName;
  pap: PapName;
}

function description(c: CaseContent): string {
  const i = c.incident;
  const lines = [
    `**${i.title}**`,
    '',
    i.summary,
    '',
    `- URL: ${i.url}`,
    `- Organisation: ${c.organisation ? `${c.organisation.name} (${c.organisation.slug})` : i.organisationId}`,
    `- Mamori incident ${i.id}: ${i.scope} ${i.kind}, severity ${i.severity}, state ${i.state}`,
    `- Opened ${new Date(i.openedAt).toISOString()}, last seen ${new Date(i.lastSeenAt).toISOString()}`,
  ];
  if (i.reasonCodes.length > 0) lines.push(`- Reasons: ${i.reasonCodes.join(', ')}`);
  if (c.observations.length > 0) {
    lines.push('', '**Checks**', '');
    for (const o of c.observations)
      lines.push(
        `- ${new Date(o.at).toISOString()}${runSuffix(o)} ${o.url}: HTTP ${o.httpStatus ?? 'none'}, ${o.outcome}, verdict ${o.verdict}` +
          o.reasons.map((r) => `\n  - ${r.code}: ${r.message}`).join(''),
      );
  }
  return lines.join('\n');
}

export function theHiveCase(c: CaseContent, marking: CaseMarking): TheHiveCaseInput {
  const i = c.incident;
  return {
    title: `[Mamori] ${i.title}`.slice(0, 512),
    description: description(c),
    severity: SEVERITY[i.severity] ?? 2,
    startDate: i.openedAt,
    tags: [
      'mamori',
      `mamori:incident=${i.id}`,
      `mamori:kind=${i.kind}`,
      ...(c.organisation ? [`mamori:organisation=${c.organisation.slug}`] : []),
    ],
    flag: i.severity === 'critical',
    tlp: THEHIVE_TLP[marking.tlp],
    pap: THEHIVE_PAP[marking.pap],
  };
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return null;
  }
}

/**
 * The case's observables: the page (never an IOC: it is the victim's), the injected origins (IOCs),
 * defacer signatures, the answering addresses, the body hashes and the screenshots as files.
 */
export function theHiveObservables(c: CaseContent, marking: CaseMarking): TheHiveObservable[] {
  const tlp = THEHIVE_TLP[marking.tlp];
  const pap = THEHIVE_PAP[marking.pap];
  const base = { tlp, pap, tags: ['mamori'], sighted: true };
  const out: TheHiveObservable[] = [];
  const seen = new Set<string>();
  const add = (
    o: Omit<TheHiveObservableInput, 'tlp' | 'pap' | 'tags' | 'sighted'>,
    extra?: TheHiveObservable['attachment'],
  ) => {
    const key = `${o.dataType}|${o.data ?? extra?.filename ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ observable: { ...base, ...o }, ...(extra ? { attachment: extra } : {}) });
  };
  const i = c.incident;
  add({ dataType: 'url', data: i.url, message: 'The watched page of the incident.', ioc: false });
  for (const host of i.hosts)
    add({
      dataType: IPV4.test(host) ? 'ip' : 'domain',
      data: host,
      message: 'Injected origin: tampered pages newly loaded scripts, frames or links from it.',
      ioc: true,
    });
  for (const sig of i.signatures)
    add({ dataType: 'other', data: sig, message: "Defacer's signature on the page.", ioc: false });
  for (const o of c.observations) {
    const host = hostOf(o.url);
    if (host && !IPV4.test(host) && !host.includes(':'))
      add({ dataType: 'domain', data: host, message: 'Host of the watched page.', ioc: false });
    if (o.remoteAddress)
      add({ dataType: 'ip', data: o.remoteAddress, message: `Address that answered for ${o.url}.`, ioc: false });
    if (o.bodySha256)
      add({
        dataType: 'hash',
        data: o.bodySha256,
        message: `SHA-256 of the body of ${o.url} in check ${o.checkId}${runSuffix(o)} (verdict ${o.verdict}).`,
        ioc: false,
        ignoreSimilarity: true,
      });
  }
  for (const s of c.screenshots)
    add(
      { dataType: 'file', message: `Screenshot (${s.label}) of check ${s.checkId}, SHA-256 ${s.sha256}.`, ioc: false },
      {
        filename: `check-${s.checkId}-${s.label.replace(/[^A-Za-z0-9._-]+/g, '-')}.png`,
        mediaType: s.mediaType,
        data: s.data,
      },
    );
  return out;
}
