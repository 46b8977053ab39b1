/**
 * Does an announcement threaten the estate, and whom? Pure: the estate and the vocabulary are
 * passed in. A threat needs both a target (an organisation named by its name, an alias, one of its
 * domains, or a sector it belongs to) and a sign of intent (a watched keyword, an operation hashtag
 * or attack language); a watched keyword alone opens a threat with no targets, so the CSIRT still
 * sees it. Every decision comes with reasons an analyst can check against the text.
 */
import { SECTOR_TERMS, THREAT_TERMS } from './vocabulary.ts';
import { foldText, hostsIn, operationHashtags, termsIn } from './terms.ts';

export interface WatchedOrganisation {
  id: number;
  name: string;
  aliases: readonly string[];
  /** Sector keys (`government`, `judiciary`, …) from the estate config. */
  sectors: readonly string[];
  /** Host names of its sites. */
  hosts: readonly string[];
}

export interface WatchVocabulary {
  /** Watched keywords, e.g. a campaign's hashtag or the new law's name. */
  keywords: readonly string[];
  /** Extra words per sector, added to the built-in ones. */
  sectors: Readonly<Record<string, readonly string[]>>;
}

export interface AnnouncementText {
  title: string;
  text: string;
}

export type MatchBy = 'name' | 'alias' | 'domain' | 'sector';

export interface TargetMatch {
  organisationId: number;
  by: MatchBy;
  /** The words of the announcement that named it. */
  term: string;
}

export interface ThreatAssessment {
  isThreat: boolean;
  /** One per organisation (its most specific match: name, alias, domain, then sector). */
  targets: TargetMatch[];
  keywords: string[];
  attackTerms: string[];
  reasons: string[];
}

const BY_RANK: Record<MatchBy, number> = { name: 0, alias: 1, domain: 2, sector: 3 };

/** The sector words in effect: built-in and configured, per sector key. */
export function sectorTerms(vocabulary: WatchVocabulary): Record<string, readonly string[]> {
  const merged: Record<string, string[]> = {};
  for (const [sector, terms] of [...Object.entries(SECTOR_TERMS), ...Object.entries(vocabulary.sectors)]) {
    merged[sector] = [...new Set([...(merged[sector] ?? []), ...terms])];
  }
  return merged;
}

function targetsOf(
  text: string,
  organisations: readonly WatchedOrganisation[],
  sectors: Record<string, readonly string[]>,
): TargetMatch[] {
  const hosts = hostsIn(text);
  const sectorHits = new Map<string, string>();
  for (const [sector, terms] of Object.entries(sectors)) {
    const hit = termsIn(text, terms)[0];
    if (hit !== undefined) sectorHits.set(sector, hit);
  }
  const matches: TargetMatch[] = [];
  for (const org of organisations) {
    const candidates: TargetMatch[] = [];
    const name = termsIn(text, [org.name])[0];
    if (name !== undefined) candidates.push({ organisationId: org.id, by: 'name', term: name });
    const alias = termsIn(text, org.aliases)[0];
    if (alias !== undefined) candidates.push({ organisationId: org.id, by: 'alias', term: alias });
    const host = hosts.find((h) => org.hosts.some((own) => h === own || h.endsWith(`.${own}`)));
    if (host !== undefined) candidates.push({ organisationId: org.id, by: 'domain', term: host });
    const sector = org.sectors.find((s) => sectorHits.has(s));
    if (sector !== undefined)
      candidates.push({ organisationId: org.id, by: 'sector', term: `${sectorHits.get(sector) ?? ''} (${sector})` });
    const best = candidates.sort((a, b) => BY_RANK[a.by] - BY_RANK[b.by])[0];
    if (best) matches.push(best);
  }
  return matches;
}

/** Judge one announcement against the estate. */
export function assessAnnouncement(
  announcement: AnnouncementText,
  organisations: readonly WatchedOrganisation[],
  vocabulary: WatchVocabulary,
): ThreatAssessment {
  const text = `${announcement.title}\n${announcement.text}`;
  const targets = targetsOf(text, organisations, sectorTerms(vocabulary));
  const keywords = [...new Set([...termsIn(text, vocabulary.keywords).map(foldText), ...operationHashtags(text)])];
  const attackTerms = termsIn(text, THREAT_TERMS);
  const intent = keywords.length > 0 || attackTerms.length > 0;
  const byId = new Map(organisations.map((o) => [o.id, o.name]));
  const reasons = targets.map(
    (t) => `names ${byId.get(t.organisationId) ?? t.organisationId} by its ${t.by}: “${t.term}”`,
  );
  if (keywords.length > 0) reasons.push(`watched keyword${keywords.length > 1 ? 's' : ''}: ${keywords.join(', ')}`);
  if (attackTerms.length > 0) reasons.push(`attack language: ${attackTerms.map((t) => `“${t}”`).join(', ')}`);
  const isThreat = keywords.length > 0 || (targets.length > 0 && intent);
  if (!isThreat)
    reasons.push(
      targets.length > 0
        ? 'names the estate but shows no intent (no watched keyword, hashtag or attack language)'
        : 'names nothing in the estate and no watched keyword',
    );
  return { isThreat, targets, keywords, attackTerms, reasons };
}
