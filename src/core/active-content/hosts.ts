/** Hosts a page's active content talks to: where its code comes from and where it may send data. */
import type { Baseline } from '../baseline.ts';
import type { PageModel } from '../page-model.ts';
import { hostOf, registrableDomain } from '../url.ts';

/** Hosts of the model's active items and of the addresses written in its inline code. */
export function activeHostsOf(model: PageModel): string[] {
  const out = new Set<string>();
  for (const item of model.activeContent ?? []) {
    if (item.host) out.add(item.host);
    for (const u of item.urls) {
      const h = hostOf(u);
      if (h) out.add(h);
    }
  }
  return [...out];
}

/**
 * Registrable domains this page is known to use in any way (its own, links, images, scripts, frames,
 * forms, redirects, addresses in its code). A destination outside them is one the page never used.
 */
export function knownDomains(model: PageModel, baseline: Baseline): ReadonlySet<string> {
  const known = computed.get(model);
  if (known && known.baseline === baseline && known.url === model.url) return known.domains;
  const out = new Set<string>();
  const own = hostOf(model.url);
  if (own) out.add(registrableDomain(own));
  for (const list of [
    baseline.activeHosts ?? [],
    baseline.linkHosts,
    baseline.imageHosts,
    baseline.scriptHosts,
    baseline.frameHosts,
    baseline.formHosts,
    baseline.redirectHosts,
  ]) {
    for (const h of list) out.add(registrableDomain(h));
  }
  computed.set(model, { baseline, url: model.url, domains: out });
  return out;
}

/**
 * The last answer of `knownDomains` per model: three detectors of one judgement ask it with the same
 * model and baseline, and each answer reads every host the baseline knows. Keyed weakly by the
 * model, checked against the identity of the baseline (as `newBlocks` is), so nothing outlives the
 * model and a different baseline is never answered from it. The set is read-only to callers.
 */
const computed = new WeakMap<PageModel, { baseline: Baseline; url: string; domains: ReadonlySet<string> }>();

/** The hosts among `urls` whose domain the page never used. */
export function unknownDestinations(urls: readonly string[], known: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const u of urls) {
    const h = hostOf(u);
    if (h && !known.has(registrableDomain(h))) out.add(h);
  }
  return [...out];
}
