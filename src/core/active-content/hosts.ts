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
export function knownDomains(model: PageModel, baseline: Baseline): Set<string> {
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
  return out;
}

/** The hosts among `urls` whose domain the page never used. */
export function unknownDestinations(urls: readonly string[], known: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const u of urls) {
    const h = hostOf(u);
    if (h && !known.has(registrableDomain(h))) out.add(h);
  }
  return [...out];
}
