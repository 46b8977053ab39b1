/**
 * Screenshots and diff images are kept only when the picture changes. Each image of a check is
 * compared with the last one kept for the page under the same role and label: the same bytes, or
 * the same picture (pixelmatch, as the rendering stage's visual diff: no pixel differs, or at most
 * 0.1% of them with the same perceptual hash, a visitor counter ticking) make it a reference to the
 * file already kept; anything else is stored. A defacement that stays up costs one set of images.
 */
import { sha256Hex, type FsBlobStore } from '../store/blob-store.ts';
import { diffScreenshots } from '../render/visual-diff.ts';
import type { ImageRef, RenderedCapture } from './types.ts';

/** Share of pixels that may differ (with an unchanged perceptual hash) for two images to be the same picture. */
export const SAME_PICTURE_RATIO = 0.001;

export interface NewImage {
  role: 'screenshot' | 'diff';
  label: string;
  png: Buffer;
}

export interface SortedImages {
  /** Images whose picture changed (or that have no predecessor): to be stored. */
  keep: NewImage[];
  /** Images that show what an earlier entry already keeps. */
  refs: ImageRef[];
}

function imagesOf(rendered: RenderedCapture | undefined): NewImage[] {
  return [
    ...(rendered?.screenshots ?? []).map((s) => ({ role: 'screenshot' as const, label: s.label, png: s.png })),
    ...(rendered?.diffImages ?? []).map((d) => ({ role: 'diff' as const, label: d.label, png: d.png })),
  ];
}

async function samePicture(files: FsBlobStore, prior: ImageRef, png: Buffer): Promise<boolean> {
  if (sha256Hex(png) === prior.sha256) return true;
  // A missing or damaged earlier file is never referenced: the new picture is stored instead.
  const before = await files.get(prior.sha256).catch(() => null);
  if (before === null) return false;
  const outcome = diffScreenshots(before, png);
  if (!outcome.ok) return false;
  const { changedPixels, changedRatio, perceptualDistance } = outcome.diff;
  return changedPixels === 0 || (changedRatio <= SAME_PICTURE_RATIO && perceptualDistance === 0);
}

export async function sortImages(
  rendered: RenderedCapture | undefined,
  lastKept: readonly ImageRef[],
  files: FsBlobStore,
): Promise<SortedImages> {
  const sorted: SortedImages = { keep: [], refs: [] };
  for (const image of imagesOf(rendered)) {
    const prior = lastKept.find((r) => r.role === image.role && r.label === image.label);
    if (prior && (await samePicture(files, prior, image.png))) sorted.refs.push(prior);
    else sorted.keep.push(image);
  }
  return sorted;
}

/** The last kept images after an entry: this entry's, then the earlier ones it did not show again. */
export function mergeKept(previous: readonly ImageRef[], latest: readonly ImageRef[]): ImageRef[] {
  const key = (r: ImageRef) => `${r.role}\u0000${r.label}`;
  const merged = new Map(previous.map((r) => [key(r), r]));
  for (const r of latest) merged.set(key(r), r);
  return [...merged.values()];
}
