import type { Page, Site } from '../store/types.ts';

/** A page's interval: its own, else its site's, else the global default. */
export function effectiveIntervalSeconds(
  page: Pick<Page, 'intervalSeconds'>,
  site: Pick<Site, 'intervalSeconds'> | undefined,
  defaultSeconds: number,
): number {
  return page.intervalSeconds ?? site?.intervalSeconds ?? defaultSeconds;
}
