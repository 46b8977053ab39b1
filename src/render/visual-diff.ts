/**
 * Pixel difference between two screenshots (pixelmatch over pngjs), with regions masked out (areas
 * known to change on their own: carousels, news tickers) and a diff image for the analyst. Pure apart
 * from CPU: bytes in, figures and bytes out.
 */
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface VisualDiff {
  width: number;
  height: number;
  /** Pixels that differ, outside the masks (and every pixel of an area only one image covers). */
  changedPixels: number;
  /** changedPixels over the unmasked pixels compared, 0..1. */
  changedRatio: number;
  maskedPixels: number;
  /** The baseline dimmed, changed pixels in red; masked areas left as the baseline. */
  diffPng: Buffer;
}

export type DiffOutcome = { ok: true; diff: VisualDiff } | { ok: false; reason: string };

/**
 * Compares `current` with `baseline`. Images of different sizes are compared over the area they
 * share, and the rest of the larger one counts as changed (a page that grew or shrank).
 */
export function diffScreenshots(baseline: Buffer, current: Buffer, masks: readonly Rect[] = [], threshold = 0.1): DiffOutcome {
  let a: PNG;
  let b: PNG;
  try {
    a = PNG.sync.read(baseline);
    b = PNG.sync.read(current);
  } catch (error) {
    return { ok: false, reason: `not a readable PNG: ${error instanceof Error ? error.message : String(error)}` };
  }
  const width = Math.min(a.width, b.width);
  const height = Math.min(a.height, b.height);
  if (width === 0 || height === 0) return { ok: false, reason: 'an image is empty' };
  const left = crop(a, width, height);
  const right = crop(b, width, height);
  let maskedPixels = 0;
  for (const mask of masks) maskedPixels += copyRect(left, right, width, height, mask);
  const out = new PNG({ width, height });
  const differing = pixelmatch(left, right, out.data, width, height, { threshold, alpha: 0.2, diffColor: [255, 0, 0] });
  const outside = Math.max(a.width, b.width) * Math.max(a.height, b.height) - width * height;
  const compared = width * height - maskedPixels + outside;
  const changedPixels = differing + outside;
  return {
    ok: true,
    diff: { width, height, changedPixels, changedRatio: compared === 0 ? 0 : changedPixels / compared, maskedPixels, diffPng: PNG.sync.write(out) },
  };
}

function crop(png: PNG, width: number, height: number): Buffer {
  if (png.width === width && png.height === height) return Buffer.from(png.data);
  const out = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) png.data.copy(out, y * width * 4, y * png.width * 4, (y * png.width + width) * 4);
  return out;
}

/** Makes `to` equal `from` inside the rect, so pixelmatch sees no change there; returns pixels covered. */
function copyRect(from: Buffer, to: Buffer, width: number, height: number, rect: Rect): number {
  const x0 = Math.max(0, Math.floor(rect.x));
  const y0 = Math.max(0, Math.floor(rect.y));
  const x1 = Math.min(width, Math.ceil(rect.x + rect.width));
  const y1 = Math.min(height, Math.ceil(rect.y + rect.height));
  if (x1 <= x0 || y1 <= y0) return 0;
  for (let y = y0; y < y1; y++) from.copy(to, (y * width + x0) * 4, (y * width + x0) * 4, (y * width + x1) * 4);
  return (x1 - x0) * (y1 - y0);
}
