import type { Reason } from '../verdict.ts';
import { findDefacerPhrases } from '../detectors/vocabulary.ts';
import { hostOf, isExternalHost, siteHost } from '../url.ts';
import type { IncidentFeatures } from './types.ts';

/** Phrases after which defacers write their handle ("hacked by <handle>"). */
const HANDLE_PHRASES = [
  'hacked by',
  'defaced by',
  'pwned by',
  'diretas por',
  'hackeado por',
  'piraté par',
  'pirater par',
  'di hack oleh',
];

const LEET_CLASS: Readonly<Record<string, string>> = {
  a: '[a4@]',
  e: '[e3]',
  i: '[i1!]',
  o: '[o0]',
  s: '[s5$]',
  t: '[t7]',
  ' ': '\\s+',
};

/** The phrase, tolerant of the leetspeak `foldLeet` undoes, followed by one to three words of handle. */
const HANDLE_MATCHERS = HANDLE_PHRASES.map((phrase) => ({
  phrase,
  re: new RegExp(
    `${[...phrase].map((c) => LEET_CLASS[c] ?? c).join('')}\\s+([\\p{L}\\p{N}_-]+(?: [\\p{L}\\p{N}_-]+){0,2})`,
    'u',
  ),
}));

/** Handles are short: anything longer is a sentence, not a signature. */
const MAX_HANDLE_LENGTH = 40;

/**
 * Defacers' signatures in a text: `phrase handle` when a handle follows ("hacked by ghost team"),
 * else the strong phrases themselves. The phrase is matched through leetspeak (`H4ck3d by Ghost`
 * signs as `hacked by ghost`); the handle is kept as written, lower-cased.
 */
export function signaturesIn(text: string): string[] {
  const phrases = findDefacerPhrases(text, true);
  if (phrases.length === 0) return [];
  const lower = text.toLowerCase().replace(/\s+/g, ' ');
  for (const m of HANDLE_MATCHERS) {
    const who = m.re.exec(lower)?.[1];
    if (who !== undefined && who.length <= MAX_HANDLE_LENGTH) return [`${m.phrase} ${who}`];
  }
  return phrases;
}

/**
 * What an incident's reasons say about who did it and with what: defacers' signatures and the
 * external hosts brought into the page. Pure and total: hostile snippets only ever become strings.
 */
export function featuresOf(reasons: readonly Reason[], pageUrl: string): IncidentFeatures {
  const signatures = new Set<string>();
  const hosts = new Set<string>();
  const pageHost = hostOf(pageUrl);
  for (const r of reasons) {
    if (r.code.startsWith('defacer-') && r.evidence?.snippet)
      for (const s of signaturesIn(r.evidence.snippet)) signatures.add(s);
    const url = r.evidence?.url;
    if (url === undefined) continue;
    const host = hostOf(url);
    if (host !== null && isExternalHost(host, pageHost)) hosts.add(siteHost(host));
  }
  const reasonCodes = [...new Set(reasons.filter((r) => r.severity !== 'info').map((r) => r.code))].sort();
  return { signatures: [...signatures].sort(), hosts: [...hosts].sort(), reasonCodes };
}

/** Union of two feature sets, sorted; `changed` tells whether `b` added anything to `a`. */
export function mergeFeatures(
  a: IncidentFeatures,
  b: IncidentFeatures,
): { features: IncidentFeatures; changed: boolean } {
  const union = (x: string[], y: string[]) => [...new Set([...x, ...y])].sort();
  const features = {
    signatures: union(a.signatures, b.signatures),
    hosts: union(a.hosts, b.hosts),
    reasonCodes: union(a.reasonCodes, b.reasonCodes),
  };
  const changed =
    features.signatures.length !== a.signatures.length ||
    features.hosts.length !== a.hosts.length ||
    features.reasonCodes.length !== a.reasonCodes.length;
  return { features, changed };
}
