import type { Baseline } from '../baseline.ts';
import type { PageModel } from '../page-model.ts';
import type { Detector } from './types.ts';
import { ownLinkPaths, pageLanguage } from '../learn.ts';
import { hostOf, registrableDomain } from '../url.ts';
import { dominantScript } from '../script-profile.ts';
import { defacerRegister, findDefacerPhrases } from './vocabulary.ts';
import { snippet } from '../text.ts';
import { knownBlocks, structureSet } from './baseline-sets.ts';

/**
 * The page was replaced: its stable skeleton and its known text are mostly gone at once.
 * A redesign changes the skeleton but keeps much text; a news day changes text but keeps the skeleton.
 * A rewrite changes both, yet keeps the site: its own navigation, its language, its hosts, and adds
 * nothing from elsewhere. A deface page keeps none of that.
 */
export const pageReplaced: Detector = {
  id: 'page-replaced',
  detect({ model, baseline }) {
    if (!baseline || baseline.structure.length < 8 || baseline.blockHashes.length < 5) return [];
    const current = structureSet(model);
    const keptSkeleton = baseline.structure.filter((s) => current.has(s)).length / baseline.structure.length;
    const { hashes, shapes } = knownBlocks(baseline, model);
    const visible = model.textBlocks.filter((b) => !b.hidden);
    const knownText = visible.filter((b) => hashes.has(b.hash) || shapes.has(b.shapeHash)).length;
    const knownShare = visible.length === 0 ? 0 : knownText / visible.length;
    if (keptSkeleton >= 0.35 || knownShare >= 0.2) return [];
    const gone = `${Math.round((1 - keptSkeleton) * 100)}% of its usual structure and ${Math.round((1 - knownShare) * 100)}% of its text are gone or new`;
    const kept = redesignEvidence(model, baseline);
    if (kept) {
      return [
        {
          code: 'page-redesigned',
          severity: 'info',
          message: `The page was rewritten (${gone}) but keeps its site: ${kept.join(', ')}, and loads nothing from elsewhere.`,
          evidence: { snippet: snippet(model.title || (visible[0]?.text ?? ''), 160) },
        },
      ];
    }
    return [
      {
        code: 'page-replaced',
        severity: 'high',
        message: `The page was replaced: ${gone}.`,
        evidence: { snippet: snippet(model.title || (visible[0]?.text ?? ''), 160) },
      },
    ];
  },
};

/** Own-site link targets a rewrite must keep to count as the same site's page. */
const MIN_KEPT_LINKS = 2;

/**
 * What a rewritten page kept of its site, or null when it is not a rewrite: it loads content from
 * hosts the page never used (other than the site's own domain), links away more than into the site,
 * speaks another language, reads like a defacer, or keeps too little of its navigation to be recognised.
 */
export function redesignEvidence(model: PageModel, baseline: Baseline): string[] | null {
  // Content loaded from elsewhere (a defacer's image, a kit's script) is never part of a redesign.
  const foreign = foreignHosts(model, baseline);
  if (foreign.loaded.length > 0) return null;
  const headline = [model.title, ...model.headings].join(' / ');
  const sample = model.textBlocks
    .filter((b) => !b.hidden)
    .slice(0, 30)
    .map((b) => b.text)
    .join(' ');
  if (
    findDefacerPhrases(headline, false).length > 0 ||
    findDefacerPhrases(sample, true).length > 0 ||
    defacerRegister(`${headline} ${sample}`).length > 0
  )
    return null;
  const language = sameLanguage(model, baseline);
  if (language === false) return null;
  const known = new Set(baseline.linkPaths ?? []);
  const links = ownLinkPaths(model).filter((p) => p !== '/' && known.has(p));
  const title = keptTitle(model.title, baseline.titles);
  if (links.length < MIN_KEPT_LINKS && !(title && links.length >= 1)) return null;
  // A rewritten policy cites a regulator or two; a deface page links mostly away from the site.
  const linkedAway = new Set(foreign.linked);
  const away = model.links.filter((l) => l.host !== null && linkedAway.has(l.host)).length;
  if (away > model.links.filter((l) => !l.external && l.host !== null).length) return null;
  const out = [`${links.length} of its own link targets (${links.slice(0, 3).join(', ')})`];
  if (title) out.push(`its title (“${snippet(title, 60)}”)`);
  if (language) out.push(`its language (${language})`);
  if (foreign.linked.length > 0)
    out.push(
      `with links to ${foreign.linked.length} new host${foreign.linked.length === 1 ? '' : 's'} (${foreign.linked.slice(0, 3).join(', ')})`,
    );
  return out;
}

/**
 * Hosts the page never used and that are not on a known domain: those it loads content from
 * (images, scripts, frames, form targets), and those it only links to.
 */
function foreignHosts(model: PageModel, baseline: Baseline): { loaded: string[]; linked: string[] } {
  const own = registrableDomain(hostOf(model.url) ?? '');
  const knownHosts = [
    ...baseline.linkHosts,
    ...baseline.imageHosts,
    ...baseline.scriptHosts,
    ...baseline.frameHosts,
    ...baseline.formHosts,
  ];
  const knownDomains = new Set([own, ...knownHosts.map(registrableDomain)]);
  const unknown = (items: { external: boolean; host: string | null }[]) => [
    ...new Set(
      items.flatMap((i) =>
        i.external && i.host !== null && !knownDomains.has(registrableDomain(i.host)) ? [i.host] : [],
      ),
    ),
  ];
  return {
    loaded: unknown([...model.images, ...model.scripts, ...model.iframes, ...model.forms]),
    linked: unknown(model.links),
  };
}

/** The language kept (its name), false when it changed, null when one side cannot tell. */
function sameLanguage(model: PageModel, baseline: Baseline): string | false | null {
  const now = pageLanguage(model);
  const before = baseline.language ?? null;
  if (now && before) return now === before ? now : false;
  const script = dominantScript(model.scriptProfile);
  const usual = dominantScript(baseline.scriptProfile);
  if (script && usual && script !== usual) return false;
  if (model.declaredLang && baseline.declaredLang)
    return model.declaredLang.slice(0, 2) === baseline.declaredLang.slice(0, 2) ? model.declaredLang : false;
  return null;
}

/** The part of the title shared with a known title (the site's name, usually after a separator), or null. */
function keptTitle(title: string, known: string[]): string | null {
  const parts = (t: string) =>
    t
      .split(/\s[|–—:-]\s|[|｜：]/)
      .map((p) => p.trim().toLowerCase())
      .filter((p) => p.length >= 3);
  const mine = parts(title);
  for (const k of known) {
    const shared = parts(k).find((p) => mine.includes(p));
    if (shared) return shared;
  }
  return null;
}
