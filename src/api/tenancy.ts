/**
 * Store look-ups that answer null for what the caller may not see, so a handler's 404 covers both
 * "no such thing" and "not yours" (ids of other organisations' resources do not leak).
 */
import type { Context } from 'hono';
import type { Check, Page, Site, EstateStore } from '../store/types.ts';
import { canSee } from './access.ts';

export async function visibleSite(c: Context, store: EstateStore, id: number): Promise<Site | null> {
  const site = await store.getSite(id);
  return site && canSee(c, site.organisationId) ? site : null;
}

export async function visiblePage(c: Context, store: EstateStore, id: number): Promise<Page | null> {
  const page = await store.getPage(id);
  return page && (await visibleSite(c, store, page.siteId)) ? page : null;
}

export async function visibleCheck(c: Context, store: EstateStore, id: number): Promise<Check | null> {
  const check = await store.getCheck(id);
  return check && (await visiblePage(c, store, check.pageId)) ? check : null;
}
