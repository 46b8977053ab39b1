/**
 * The first sight of a page that discovery found (a new sitemap entry), judged with its site's
 * context. Such a page has no normal of its own to compare with, and learning whatever it shows would
 * teach Mamori that a dropped web shell or a doorway page is how the site looks. Pure.
 *
 * Signs are the existing rules, never names from any corpus:
 * - the page's own content, as every first observation is judged (a defacer's headline, hidden links…);
 * - its address (`judgeNewUrls`: named like a shell or a defacer's page, spam vocabulary, a generated name);
 * - when the address carries a sign, what corroborates it: the same words in the page's own headline,
 *   and the detectors run against the site's normal (a page in another writing system than the site's).
 *
 * Structural differences from the site's normal (`page-replaced`, `page-redesigned`) are not signs:
 * another page of a site is expected to differ from its home page.
 */
import type { Baseline } from './baseline.ts';
import { DETECTORS } from './detectors/index.ts';
import { learn } from './learn.ts';
import type { PageModel } from './page-model.ts';
import { headlineSigns, judgeNewUrls } from './site-paths.ts';
import type { Reason, Severity, Verdict } from './verdict.ts';

/** What the watch knows of a discovered page's site: a learnt page of it to stand for its normal. */
export interface SiteContext {
  /** The baseline of one of the site's own learnt pages (its home page when it has one), or null. */
  baseline: Baseline | null;
}

/** Codes that say a page is built differently from another one: expected of a different page. */
const STRUCTURAL = new Set(['page-replaced', 'page-redesigned']);

const WORRYING: ReadonlySet<Severity> = new Set(['high', 'medium']);

export interface DiscoveredJudgement {
  verdict: Verdict;
  /** Kept for the record but held: never compared with, never grown, until the page is seen clean. */
  baseline: Baseline;
}

/** The verdict on a discovered page's first sight, or null when nothing about it is suspect. */
export function judgeDiscoveredPage(model: PageModel, url: string, site: SiteContext): DiscoveredJudgement | null {
  const own = worrying(DETECTORS.flatMap((d) => d.detect({ model, baseline: null })));
  const address = judgeNewUrls([], [url]).flatMap((f) => f.reasons);
  const addressSign = address.some((r) => WORRYING.has(r.severity));
  const corroborating = addressSign
    ? [
        ...headlineSigns(url, [model.title, model.headings[0] ?? '']),
        ...(site.baseline
          ? worrying(DETECTORS.flatMap((d) => d.detect({ model, baseline: site.baseline }))).filter(
              (r) => !STRUCTURAL.has(r.code),
            )
          : []),
      ]
    : [];
  const signs = dedupe([...own, ...corroborating]);
  if (signs.length === 0) return null;
  // A sign in the address borne out by the page, or a high sign in the page itself, is tampering;
  // a lesser sign alone is a doubt for a person.
  const tampered = (addressSign && corroborating.length > 0) || own.some((r) => r.severity === 'high');
  const reasons = [...rank([...address, ...signs]), heldNote()];
  const baseline: Baseline = {
    ...learn(null, model),
    untrusted: { reasons: signs.map((r) => r.message) },
    held: true,
  };
  return { verdict: { kind: tampered ? 'tampered' : 'suspicious', reasons }, baseline };
}

function worrying(reasons: Reason[]): Reason[] {
  return reasons.filter((r) => WORRYING.has(r.severity));
}

function dedupe(reasons: Reason[]): Reason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => !seen.has(r.code) && seen.add(r.code));
}

const ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2, info: 3 };

function rank(reasons: Reason[]): Reason[] {
  return [...reasons].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}

function heldNote(): Reason {
  return {
    code: 'discovered-held',
    severity: 'info',
    message:
      'This page appeared in the site’s sitemap and already looked tampered with at first sight: it is not learnt as the page’s normal while under suspicion.',
  };
}
