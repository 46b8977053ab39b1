import type { Reason } from '../verdict.ts';
import type { Detector } from './types.ts';
import { findDefacerPhrases, onlyWeak } from './vocabulary.ts';
import { newVisibleBlocks } from './novelty.ts';
import { snippet } from '../text.ts';

/** Defacer signatures in new visible text, the title or a heading. */
export const defacerSignature: Detector = {
  id: 'defacer-signature',
  detect({ model, baseline }) {
    const reasons: Reason[] = [];
    const knownTitles = new Set(baseline?.titles ?? []);
    const knownHeadings = new Set(baseline?.headings ?? []);
    const headlines = [model.title, ...model.headings].filter((h) => h && !knownTitles.has(h) && !knownHeadings.has(h));
    for (const h of headlines) {
      const found = findDefacerPhrases(h, false);
      if (found.length === 0) continue;
      reasons.push({
        // "Hacked" alone may head a site's own incident statement; "hacked by" is a signature.
        code: 'defacer-headline',
        severity: onlyWeak(found) ? 'medium' : 'high',
        message: `The ${h === model.title ? 'title' : 'headline'} now reads like a defacer's signature (“${found[0] ?? ''}”).`,
        evidence: { snippet: snippet(h, 160) },
      });
      break;
    }
    const blocks = baseline ? newVisibleBlocks(model, baseline) : model.textBlocks.filter((b) => !b.hidden);
    // Each block is tested alone (`findDefacerPhrases` starts with the quick test): a phrase is only
    // ever found inside one block, and joining a first sight's every visible block, to test them in
    // one pass, cost more than the per-block tests it saved.
    let regions: ReadonlySet<string> | null = null;
    for (const b of blocks) {
      const found = findDefacerPhrases(b.text, true);
      if (found.length === 0) continue;
      // A short message, or one in a place that never held text, is a signature; a long article
      // that mentions "hacked by" is news about an attack.
      regions ??= new Set(baseline?.regions ?? []);
      const signature = reasons.length > 0 || found.length >= 2 || b.text.length <= 300 || !regions.has(b.region);
      reasons.push({
        code: 'defacer-message',
        severity: signature ? 'high' : 'medium',
        message: `New visible text uses defacers’ words (${found
          .slice(0, 3)
          .map((f) => `“${f}”`)
          .join(', ')}).`,
        evidence: { selector: b.path, snippet: snippet(b.text, 200) },
      });
      break;
    }
    return reasons;
  },
};
