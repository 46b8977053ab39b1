/**
 * Campaigns: the same hand behind incidents on several sites, often of several organisations.
 * Two site incidents are related when they share a threat id (any time apart: the link is explicit
 * intelligence), or, opened within the time window of each other, a defacer's signature or an
 * injected external host. The window keeps a common phrase from tying together attacks months apart.
 */

export interface CampaignMember {
  incidentId: number;
  siteId: number;
  organisationId: number;
  openedAt: number;
  signatures: readonly string[];
  hosts: readonly string[];
  threatId: string | null;
  campaignId: number | null;
}

export interface CampaignOptions {
  windowMs: number;
}

export type CampaignDecision =
  | { action: 'none' }
  /** Put `incidentIds` into the existing campaign, adding `keys` to it. */
  | { action: 'join'; campaignId: number; incidentIds: number[]; keys: string[] }
  /** A new campaign of `incidentIds` (the subject first). */
  | { action: 'create'; incidentIds: number[]; keys: string[]; title: string };

/** The keys an incident can be linked by: `threat:…`, `signature:…`, `host:…`. */
export function linkKeys(m: Pick<CampaignMember, 'signatures' | 'hosts' | 'threatId'>): {
  timeless: string[];
  windowed: string[];
} {
  return {
    timeless: m.threatId ? [`threat:${m.threatId}`] : [],
    windowed: [...m.signatures.map((s) => `signature:${s}`), ...m.hosts.map((h) => `host:${h}`)],
  };
}

/** The keys `a` and `b` share, honouring the window for the windowed ones. */
export function sharedKeys(a: CampaignMember, b: CampaignMember, options: CampaignOptions): string[] {
  if (a.siteId === b.siteId) return [];
  const ka = linkKeys(a);
  const kb = linkKeys(b);
  const shared = ka.timeless.filter((k) => kb.timeless.includes(k));
  if (Math.abs(a.openedAt - b.openedAt) <= options.windowMs)
    shared.push(...ka.windowed.filter((k) => kb.windowed.includes(k)));
  return shared;
}

/**
 * Where `subject` belongs, given candidate incidents (other sites' incidents opened near it, or
 * sharing its threat id). Joins the oldest campaign among the related incidents, bringing along
 * related incidents not yet in one; campaigns are never merged, so a campaign's members stay stable.
 */
export function groupIntoCampaign(
  subject: CampaignMember,
  candidates: readonly CampaignMember[],
  options: CampaignOptions,
): CampaignDecision {
  const related = candidates
    .filter((c) => c.incidentId !== subject.incidentId)
    .map((c) => ({ c, keys: sharedKeys(subject, c, options) }))
    .filter((r) => r.keys.length > 0);
  if (related.length === 0) return { action: 'none' };
  const keys = [...new Set(related.flatMap((r) => r.keys))].sort();
  const campaigns = [subject.campaignId, ...related.map((r) => r.c.campaignId)].filter(
    (id): id is number => id !== null,
  );
  const loose = related.filter((r) => r.c.campaignId === null).map((r) => r.c.incidentId);
  if (campaigns.length > 0) {
    const campaignId = Math.min(...campaigns);
    // An incident already in a campaign stays there; the keys still record why they are related.
    const incidentIds = subject.campaignId === null ? [subject.incidentId, ...loose] : loose;
    return { action: 'join', campaignId, incidentIds, keys };
  }
  return { action: 'create', incidentIds: [subject.incidentId, ...loose], keys, title: campaignTitle(keys) };
}

function campaignTitle(keys: readonly string[]): string {
  const first =
    keys.find((k) => k.startsWith('threat:')) ?? keys.find((k) => k.startsWith('signature:')) ?? keys[0] ?? '';
  const [type, ...rest] = first.split(':');
  const value = rest.join(':');
  if (type === 'threat') return `Threat ${value}`;
  if (type === 'signature') return `“${value}”`;
  return `Injected host ${value}`;
}
