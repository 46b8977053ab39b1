import type { Baseline } from './baseline.ts';
import type { PageModel } from './page-model.ts';
import type { Reason } from './verdict.ts';
import { hostOf, siteHost } from './url.ts';

const NOT_FOUND = [
  /\b404\b/,
  /not\s+found/i,
  /page (does not|doesn't) exist/i,
  /ページが見つかりません/,
  /お探しのページ/,
  /ページは存在しません/,
  /指定されたページ/,
  /存在しないページ/,
  /找不到/,
  /página no encontrada/i,
];

function looksNotFound(s: string): boolean {
  return NOT_FOUND.some((re) => re.test(s));
}

/**
 * Soft-404 observations in a row before a healthy page is called degraded (`assess.ts`): one
 * "not found" page among normal ones is noise, two in a row is the page gone.
 */
export const SOFT_404_CHECKS = 2;

/**
 * A "soft 404": the server says 200 but the page says it is not there. Only when the page's own
 * normal title did not already say so (some pages are about 404s).
 */
export function detectSoft404(model: PageModel, baseline: Baseline | null): Reason | null {
  const headline = [model.title, model.headings[0] ?? ''].find((h) => h && looksNotFound(h));
  if (!headline) return null;
  if (baseline?.titles.some(looksNotFound)) return null;
  return {
    code: 'soft-404',
    severity: 'high',
    message: `The server answered 200 OK but the page says it is not there (“${headline.slice(0, 80)}”).`,
    evidence: { snippet: headline.slice(0, 160) },
  };
}

/**
 * A redirect that ends on another site than the one requested: a hijacked redirect, or a page gone
 * to a parking or spam domain. `www.` and scheme upgrades are the same site.
 */
export function detectOffsiteRedirect(requestedUrl: string, finalUrl: string): Reason | null {
  // Most checks end where they started: one URL has one host, so no parse is needed to say so.
  if (requestedUrl === finalUrl) return null;
  const from = hostOf(requestedUrl);
  const to = hostOf(finalUrl);
  if (!from || !to || siteHost(from) === siteHost(to)) return null;
  return {
    code: 'redirect-offsite',
    severity: 'high',
    message: `The page now redirects to another site: ${to}.`,
    evidence: { url: finalUrl },
  };
}
