/**
 * Cloaking: a tampered site that shows its spam only to search engines (by user agent) or sends only
 * visitors arriving from a search engine elsewhere (by referrer). The page is fetched as a crawler and
 * as a visitor coming from a search, and each is compared with what the browser showed a plain visitor.
 * `compareWithBrowser` is pure; `checkCloaking` does the two fetches.
 */
import { inlineAnalyser } from '../analysis/inline-analyser.ts';
import type { Analyser } from '../analysis/types.ts';
import { analysisLimitReason } from '../core/analysis-limit.ts';
import type { PageModel } from '../core/page-model.ts';
import { hostOf, isExternalHost } from '../core/url.ts';
import type { Reason } from '../core/verdict.ts';
import type { Fetcher, RedirectHop } from '../fetch/types.ts';

export const CRAWLER_USER_AGENT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
export const SEARCH_REFERRER = 'https://www.google.com/';
/** Text a crawler alone is shown counts from this many characters (short labels differ for many reasons). */
const MIN_TEXT = 40;

/**
 * Reasons the crawler's view differs from the browser's in the way cloaking does: external links, or
 * a body of visible text, that a visitor's browser never shows. `visitor` is the page as served to a
 * visitor's user agent at the same moment as the crawler's copy: what it has is not crawler-only, even
 * if the browser's view (taken earlier) lacks it, because the page may have changed in between. Pure.
 */
export function compareWithBrowser(crawler: PageModel, browser: PageModel, visitor: PageModel | null = null): Reason[] {
  const reasons: Reason[] = [];
  const pageHost = hostOf(browser.url);
  const shown = visitor ? [browser, visitor] : [browser];
  const browserHosts = new Set(shown.flatMap((m) => m.links.map((l) => l.host)));
  const crawlerOnly = crawler.links.filter(
    (l) => l.host && isExternalHost(l.host, pageHost) && !browserHosts.has(l.host),
  );
  const first = crawlerOnly[0];
  if (first) {
    const hosts = [...new Set(crawlerOnly.map((l) => l.host))];
    reasons.push({
      code: 'cloaked-links',
      severity: 'high',
      message: `Served to a search-engine crawler but never to a visitor's browser: ${hosts.length} link target${hosts.length === 1 ? '' : 's'} (${hosts.slice(0, 3).join(', ')}).`,
      evidence: { selector: first.path, url: first.href, snippet: first.text.slice(0, 80) },
    });
  }
  const seen = new Set(shown.flatMap((m) => m.textBlocks.map((b) => b.shapeHash)));
  const text = crawler.textBlocks.filter((b) => !b.hidden && b.text.length >= MIN_TEXT && !seen.has(b.shapeHash));
  const chars = text.reduce((n, b) => n + b.text.length, 0);
  const block = text[0];
  if (block && chars >= 200) {
    reasons.push({
      code: 'cloaked-content',
      severity: 'medium',
      message: `A search-engine crawler is shown ${chars} characters of text that a visitor's browser is not.`,
      evidence: { selector: block.path, snippet: block.text.slice(0, 120) },
    });
  }
  return reasons;
}

/**
 * Fetches the page as a crawler and as a visitor from a search engine; reasons when either is cloaked.
 * The copies are analysed by `analyser` (the app's worker pool): a crawler's copy that cannot be
 * analysed within limits is a reason of its own, since that is where cloaked spam would sit.
 */
export async function checkCloaking(
  fetcher: Fetcher,
  url: string,
  browser: PageModel,
  visitorUserAgent: string,
  analyser: Analyser = inlineAnalyser,
): Promise<Reason[]> {
  const reasons: Reason[] = [];
  // Back to back, so that the two copies differ by who asked, not by when.
  const asVisitor = await fetcher.fetch({ url, headers: { 'user-agent': visitorUserAgent } });
  const asCrawler = await fetcher.fetch({ url, headers: { 'user-agent': CRAWLER_USER_AGENT } });
  if (asCrawler.ok) {
    const crawler = await analyser.run({
      kind: 'analyse',
      html: asCrawler.page.text,
      url: asCrawler.page.finalUrl,
      options: {},
    });
    const visitor = asVisitor.ok
      ? await analyser.run({ kind: 'analyse', html: asVisitor.page.text, url: asVisitor.page.finalUrl, options: {} })
      : null;
    if (crawler.ok) reasons.push(...compareWithBrowser(crawler.value, browser, visitor?.ok ? visitor.value : null));
    else if (crawler.limit !== 'unavailable')
      reasons.push(analysisLimitReason(`the copy served to a search-engine crawler, ${crawler.detail}`));
  }
  const fromSearch = await fetcher.fetch({
    url,
    headers: { 'user-agent': visitorUserAgent, referer: SEARCH_REFERRER },
  });
  // Where the visitor from a search was sent: any redirect hop off-site counts, even when the fetch
  // then failed there (the attacker's host need not answer the monitor).
  const hops = fromSearch.ok ? fromSearch.page.redirects : fromSearch.failure.redirects;
  const offsite = offsiteHop(hops, url);
  // Only cloaking if a visitor typing the address is not sent there too (that is a plain redirect).
  if (offsite && !offsiteHop(asVisitor.ok ? asVisitor.page.redirects : asVisitor.failure.redirects, url)) {
    reasons.push({
      code: 'referrer-cloaking',
      severity: 'high',
      message: `Visitors arriving from a search engine are sent to ${hostOf(offsite) ?? offsite}; visitors typing the address are not.`,
      evidence: { url: offsite },
    });
  }
  return reasons;
}

function offsiteHop(hops: readonly RedirectHop[], url: string): string | undefined {
  return hops.map((h) => h.location).find((target) => isExternalHost(hostOf(target), hostOf(url)));
}
