import type { ActiveItem } from '../active-content/inventory.ts';
import type { Reason, Severity } from '../verdict.ts';
import type { Detector } from './types.ts';
import { kindWords, zoneWords } from '../active-content/inventory.ts';
import { describeBehaviour } from '../active-content/script-behaviour.ts';
import { knownDomains, unknownDestinations } from '../active-content/hosts.ts';
import { hostOf, registrableDomain } from '../url.ts';
import { baselineSet } from './baseline-sets.ts';

/** Reasons listed per page: a redesign can add dozens of handlers, and one summary says the rest. */
const MAX_LISTED = 12;

/**
 * Every new or changed item of active content, named with what it is and where (PCI DSS 11.6.1
 * style: nothing that runs on the page changes unseen). The record is `info`, naming a domain the
 * page never used when it does. How alarming the code itself is, is for skimmer.ts,
 * loader.ts, injected-script.ts and redirect.ts; where a new external script sits is judged here.
 */
export const activeContent: Detector = {
  id: 'active-content',
  detect({ model, baseline }) {
    // Baselines stored before the inventory existed have nothing to compare with yet.
    if (!baseline || !baseline.activeSamples || !model.activeContent) return [];
    const known = baselineSet(baseline, 'activeItems');
    const fresh = model.activeContent.filter((i) => !known.has(i.key));
    if (fresh.length === 0) return [];
    const domains = knownDomains(model, baseline);
    const reasons: Reason[] = fresh.slice(0, MAX_LISTED).map((item) => newItemReason(item, domains));
    if (fresh.length > MAX_LISTED) {
      reasons.push({
        code: 'active-content-more',
        severity: 'info',
        message: `${fresh.length - MAX_LISTED} more new or changed active items (scripts, frames, handlers) are not listed one by one.`,
      });
    }
    const slot = loaderSlotScript(model.activeContent, fresh, domains, hostOf(model.url));
    if (slot) reasons.push(slot);
    return reasons;
  },
};

function newItemReason(item: ActiveItem, domains: ReadonlySet<string>): Reason {
  const foreign = item.host !== null && item.external && !domains.has(registrableDomain(item.host));
  const named = unknownDestinations(item.urls, domains);
  // The record itself is information: how alarming the item is, is for the behaviour detectors.
  const severity: Severity = 'info';
  const what = `A new or changed ${kindWords(item.kind)} is at ${item.path} (${zoneWords(item.zone)})`;
  let detail: string;
  if (item.kind === 'script-inline' || item.kind === 'event-handler') {
    detail = `it ${describeBehaviour(item.features)}${named.length > 0 ? `, and names ${named.slice(0, 3).join(', ')}, never used by this page` : ''}`;
  } else {
    detail = `it points to ${item.host ?? item.url ?? 'an address'}${foreign ? ', a domain this page never used' : ''}${item.hidden ? `, hidden (${item.hidden})` : ''}`;
  }
  return {
    code: `active-${item.kind}-added`,
    severity,
    message: `${what}; ${detail}.`,
    evidence: { selector: item.path, snippet: item.snippet, ...(item.url ? { url: item.url } : {}) },
  };
}

/**
 * A new external script from a domain the page never used in any way, loaded synchronously where
 * injected loaders go: at the very start of the head, as the last script of the head or body, in
 * the footer, inside page content, or outside head and body. Tag managers and widgets insert
 * theirs `async`; loaders planted in templates want to run before the page does.
 */
function loaderSlotScript(
  items: ActiveItem[],
  fresh: ActiveItem[],
  domains: ReadonlySet<string>,
  pageHost: string | null,
): Reason | null {
  const own = registrableDomain(pageHost ?? '');
  for (const item of fresh) {
    if (item.kind !== 'script-src' || !item.host || item.loading !== 'sync') continue;
    const domain = registrableDomain(item.host);
    if (domain === own || domains.has(domain)) continue;
    const slot = slotOf(item, items);
    if (!slot) continue;
    return {
      code: 'script-new-domain-loader-slot',
      severity: 'medium',
      message: `A script from ${item.host}, a domain this page never used, is loaded synchronously ${slot}: where injected loaders are placed, not where tag managers put their scripts.`,
      evidence: { selector: item.path, url: item.url ?? '', snippet: item.snippet },
    };
  }
  return null;
}

function slotOf(item: ActiveItem, items: ActiveItem[]): string | null {
  if (item.zone === 'footer' || item.zone === 'content' || item.zone === 'outside') return zoneWords(item.zone);
  const scripts = items.filter((i) => (i.kind === 'script-src' || i.kind === 'script-inline') && i.zone === item.zone);
  if (item.zone === 'head' && scripts[0] === item) return 'as the first script of the head';
  if (scripts.at(-1) === item) return `as the last script ${zoneWords(item.zone)}`;
  return null;
}
