import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { diffScreenshots } from './visual-diff.ts';

/** A width×height PNG, white, with the given rectangles painted black. */
function png(width: number, height: number, black: { x: number; y: number; w: number; h: number }[] = []): Buffer {
  const image = new PNG({ width, height });
  image.data.fill(255);
  for (const r of black) {
    for (let y = r.y; y < r.y + r.h; y++) {
      for (let x = r.x; x < r.x + r.w; x++) {
        const i = (y * width + x) * 4;
        image.data[i] = image.data[i + 1] = image.data[i + 2] = 0;
      }
    }
  }
  return PNG.sync.write(image);
}

describe('diffScreenshots', () => {
  it('finds no change between equal images', () => {
    const outcome = diffScreenshots(png(40, 30), png(40, 30));
    expect(outcome.ok && outcome.diff.changedPixels).toBe(0);
  });

  it('counts the pixels that changed and returns a diff image of the same size', () => {
    const outcome = diffScreenshots(png(40, 30), png(40, 30, [{ x: 0, y: 0, w: 10, h: 12 }]));
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.diff.changedPixels).toBe(120);
    expect(outcome.diff.changedRatio).toBeCloseTo(120 / 1200);
    const image = PNG.sync.read(outcome.diff.diffPng);
    expect([image.width, image.height]).toEqual([40, 30]);
    expect([image.data[0], image.data[1], image.data[2]]).toEqual([255, 0, 0]);
  });

  it('ignores changes inside masked regions', () => {
    const outcome = diffScreenshots(
      png(40, 30),
      png(40, 30, [
        { x: 0, y: 0, w: 10, h: 12 },
        { x: 30, y: 20, w: 2, h: 2 },
      ]),
      [{ x: 0, y: 0, width: 10, height: 12 }],
    );
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.diff.changedPixels).toBe(4);
    expect(outcome.diff.maskedPixels).toBe(120);
  });

  it('counts the area only a taller page covers as changed, and refuses bytes that are not PNG', () => {
    const outcome = diffScreenshots(png(40, 30), png(40, 40));
    expect(outcome.ok && outcome.diff.changedPixels).toBe(400);
    expect(diffScreenshots(Buffer.from('not a png'), png(4, 4)).ok).toBe(false);
  });

  it('gives a perceptual distance near zero for a small edit and a large one for a different picture', () => {
    const stripes = png(
      90,
      80,
      [0, 20, 40, 60].map((x) => ({ x, y: 0, w: 10, h: 80 })),
    );
    const smallEdit = png(90, 80, [
      ...[0, 20, 40, 60].map((x) => ({ x, y: 0, w: 10, h: 80 })),
      { x: 82, y: 70, w: 3, h: 3 },
    ]);
    const otherPicture = png(
      90,
      80,
      [10, 30, 50, 70].map((x) => ({ x, y: 0, w: 10, h: 80 })),
    );
    const small = diffScreenshots(stripes, smallEdit);
    const other = diffScreenshots(stripes, otherPicture);
    if (!small.ok || !other.ok) throw new Error('not comparable');
    expect(small.diff.perceptualDistance).toBeLessThanOrEqual(2);
    expect(other.diff.perceptualDistance).toBeGreaterThan(24);
  });
});
