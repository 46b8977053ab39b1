import type { Page } from '../store/types.ts';

/** The API's view of a page: the baseline is summarised, never dumped (it can be large). */
export function presentPage(page: Page) {
  const { baseline, lastBodySha256: _sha, ...rest } = page;
  return {
    ...rest,
    baseline: baseline
      ? {
          samples: baseline.samples,
          untrusted: baseline.untrusted !== null,
          untrustedReasons: baseline.untrusted?.reasons ?? [],
          volatileRegions: baseline.volatilePaths.length,
        }
      : null,
  };
}
