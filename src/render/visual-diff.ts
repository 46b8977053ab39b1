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
  /**
   * Perceptual signal: bits that differ (0..64) between the two images' difference hashes, over the
   * shared area with masks applied. Near 0 for small edits, high when the page was replaced by
   * another picture; pixel counts alone cannot tell a shifted layout from a new page.
   */
  perceptualDistance: number;
}

export type DiffOutcome = { ok: true; diff: VisualDiff } | { ok: false; reason: string };

/**
 * Compares `current` with `baseline`. Images of different sizes are compared over the area they
 * share, and the rest of the larger one counts as changed (a page that grew or shrank).
 */
export function diffScreenshots(
  baseline: Buffer,
  current: Buffer,
  masks: readonly Rect[] = [],
  threshold = 0.1,
): DiffOutcome {
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
    diff: {
      width,
      height,
      changedPixels,
      changedRatio: compared === 0 ? 0 : changedPixels / compared,
      maskedPixels,
      diffPng: PNG.sync.write(out),
      perceptualDistance: hammingDistance(differenceHash(left, width, height), differenceHash(right, width, height)),
    },
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

const HASH_W = 9;
const HASH_H = 8;

/**
 * dHash: the image shrunk to 9×8 grey cells (box averages), one bit per cell brighter than its right
 * neighbour. Robust to compression noise and small shifts, moved by a change of the page's picture.
 */
export function differenceHash(rgba: Buffer, width: number, height: number): bigint {
  const cells = new Float64Array(HASH_W * HASH_H);
  const counts = new Uint32Array(HASH_W * HASH_H);
  for (let y = 0; y < height; y++) {
    const row = Math.min(HASH_H - 1, Math.floor((y * HASH_H) / height)) * HASH_W;
    for (let x = 0; x < width; x++) {
      const cell = row + Math.min(HASH_W - 1, Math.floor((x * HASH_W) / width));
      const i = (y * width + x) * 4;
      cells[cell]! += 0.299 * rgba[i]! + 0.587 * rgba[i + 1]! + 0.114 * rgba[i + 2]!;
      counts[cell]! += 1;
    }
  }
  let hash = 0n;
  for (let y = 0; y < HASH_H; y++) {
    for (let x = 0; x < HASH_W - 1; x++) {
      const a = cells[y * HASH_W + x]! / Math.max(1, counts[y * HASH_W + x]!);
      const b = cells[y * HASH_W + x + 1]! / Math.max(1, counts[y * HASH_W + x + 1]!);
      hash = (hash << 1n) | (a > b ? 1n : 0n);
    }
  }
  return hash;
}

export function hammingDistance(a: bigint, b: bigint): number {
  let x = a ^ b;
  let bits = 0;
  while (x > 0n) {
    bits += Number(x & 1n);
    x >>= 1n;
  }
  return bits;
}
