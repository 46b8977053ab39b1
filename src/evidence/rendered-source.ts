/**
 * What the rendering stage adds to a capture: the screenshots, the DOM after scripts and the diff
 * image of the render made during this check. The rendering stage stores them in the blob store as it
 * goes; this reads them back by hash, so evidence only ever holds bytes the blob store has verified.
 */
import type { BlobStore } from '../store/blob-store.ts';
import type { CheckEvent } from '../pipeline/check-event.ts';
import type { RenderedCapture } from './types.ts';

/** The latest render of a page, as the rendering stage records it. */
export interface LatestRender {
  renderedAt: number;
  viewportSha256: string | null;
  fullPageSha256: string | null;
  domSha256: string | null;
  diffSha256: string | null;
}

export interface RenderHistory {
  latest(pageId: number): Promise<LatestRender | null>;
}

/**
 * Only a render made since the page's previous check started counts: one made during this check (a
 * verdict other than unchanged is rendered at once), or the background render begun by the previous
 * check whose verdict this check reports. Anything older shows the page as it was before, and putting
 * it beside this check's response would misstate what was seen.
 */
export function renderedCaptureSource(
  renders: RenderHistory,
  blobs: BlobStore,
): (event: CheckEvent) => Promise<RenderedCapture | undefined> {
  return async (event) => {
    const latest = await renders.latest(event.page.id);
    const since = event.page.lastCheckedAt ?? event.check.startedAt;
    if (!latest || latest.renderedAt < Math.min(since, event.check.startedAt)) return undefined;
    const load = async (label: string, sha: string | null) => {
      const png = sha === null ? null : await blobs.get(sha);
      return png === null ? [] : [{ label, png }];
    };
    const screenshots = [
      ...(await load('viewport', latest.viewportSha256)),
      ...(await load('full-page', latest.fullPageSha256)),
    ];
    const diffImages = await load('viewport-diff', latest.diffSha256);
    const dom = latest.domSha256 === null ? null : await blobs.get(latest.domSha256);
    const capture: RenderedCapture = {
      ...(screenshots.length > 0 ? { screenshots } : {}),
      ...(diffImages.length > 0 ? { diffImages } : {}),
      ...(dom !== null ? { renderedDom: dom.toString('utf8') } : {}),
    };
    return Object.keys(capture).length > 0 ? capture : undefined;
  };
}
