import type { Reason } from '../verdict.ts';
import type { Detector } from './types.ts';
import { foldUrl } from '../url.ts';
import { hashText, snippet } from '../text.ts';
import { knownBlocks } from './baseline-sets.ts';

/** Elements whose content is text for visitors: no site builder puts a script loader inside them. */
const CONTENT_PARENTS = new Set([
  'a',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'p',
  'li',
  'span',
  'td',
  'th',
  'title',
  'b',
  'strong',
  'em',
  'font',
  'label',
]);

/**
 * Script loaders where sites never put them: inside a link, a heading or a list item, outside
 * `<head>` and `<body>`; and loader markup showing as visible text, an injection that failed to run.
 */
export const scriptPlacement: Detector = {
  id: 'script-placement',
  detect({ model, baseline }) {
    if (!baseline) return [];
    const reasons: Reason[] = [];
    const known = new Set(baseline.scriptSrcs);
    for (const s of model.scripts) {
      if (!s.src || known.has(foldUrl(s.src))) continue;
      const parent = parentTag(s.path);
      if (!CONTENT_PARENTS.has(parent) && parent !== 'html') continue;
      reasons.push({
        code: 'misplaced-script',
        severity: 'high',
        message:
          parent === 'html'
            ? 'A new script loader was appended outside the document’s head and body, where templates never put one.'
            : `A new script loader was placed inside a <${parent}> element, where sites never put scripts and deface-by-script loaders do.`,
        evidence: { selector: s.path, url: s.src, snippet: `<script src="${s.src}">` },
      });
    }
    const leaks = new Set(baseline.markupLeaks);
    const leak = model.markupLeaks.find((l) => !leaks.has(hashText(l.snippet)));
    if (leak) {
      reasons.push({
        code: 'script-markup-as-text',
        severity: 'high',
        message: `Script markup now appears in the page's ${leak.where === 'title' ? 'title' : 'attributes'}: an injected loader that was escaped instead of executed, as on partly defaced pages.`,
        evidence: { selector: leak.path, snippet: leak.snippet },
      });
    }
    const hashes = knownBlocks(baseline, model).hashes;
    for (const b of model.textBlocks) {
      if (b.hidden || b.inCode || hashes.has(b.hash)) continue;
      if (reasons.some((r) => r.code === 'script-markup-as-text') || !/<script[^>]*\bsrc\s*=/i.test(b.text)) continue;
      reasons.push({
        code: 'script-markup-as-text',
        severity: 'high',
        message:
          'New visible text contains script-loader markup: an injected loader that was escaped instead of executed, as on partly defaced pages.',
        evidence: { selector: b.path, snippet: snippet(b.text, 200) },
      });
      break;
    }
    return reasons;
  },
};

function parentTag(path: string): string {
  const segments = path.split('>');
  const parent = segments[segments.length - 2] ?? '';
  return /^[a-z0-9]+/.exec(parent)?.[0] ?? '';
}
