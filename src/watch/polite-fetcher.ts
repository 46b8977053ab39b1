import { hostOf } from '../core/url.ts';
import type { Fetcher } from '../fetch/types.ts';
import type { PolitenessGate } from './host-gate.ts';

/**
 * A fetcher whose every request waits for its host's politeness slot, as the checks' own fetches do.
 * For the extra fetches other stages make of a watched page (the cloaking check's crawler and
 * search-visitor views): without it they would reach a host beside its checks, outside its limits.
 * Closing it leaves the inner fetcher open: the runtime owns that.
 */
export function politeFetcher(inner: Fetcher, gate: PolitenessGate): Fetcher {
  return {
    async fetch(request) {
      // Politeness is per host with port, the same key the Prober uses.
      const release = await gate.acquire(hostOf(request.url) ?? request.url);
      try {
        return await inner.fetch(request);
      } finally {
        release();
      }
    },
    close: () => Promise.resolve(),
  };
}
