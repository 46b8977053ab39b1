/** Images are stored when the picture changes: same pixels in other bytes are a reference, one pixel is not. */
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { FsBlobStore, sha256Hex } from '../store/blob-store.ts';
import { makeTempDir, type TempDir } from '../store/test-support.ts';
import { mergeKept, sortImages } from './image-keeper.ts';
import type { ImageRef } from './types.ts';

function png(width: number, height: number, paint: (x: number, y: number) => number, filterType = -1): Buffer {
  const image = new PNG({ width, height });
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const v = paint(x, y);
      image.data[i] = v;
      image.data[i + 1] = v;
      image.data[i + 2] = 255 - v;
      image.data[i + 3] = 255;
    }
  return PNG.sync.write(image, { filterType });
}

let dir: TempDir;
let files: FsBlobStore;
let kept: ImageRef;
const stripes = (x: number) => (x % 8 < 4 ? 30 : 220);

beforeEach(async () => {
  dir = await makeTempDir('mamori-image-keeper-');
  files = new FsBlobStore(join(dir.path, 'evidence'), { fsync: false });
  const first = png(64, 48, stripes);
  kept = { role: 'screenshot', label: 'viewport', sha256: await files.put(first), bytes: first.length, seq: 7 };
});
afterEach(async () => dir.remove());

it('references the kept screenshot for the same pixels, even encoded to other bytes', async () => {
  const reencoded = png(64, 48, stripes, 0);
  expect(sha256Hex(reencoded)).not.toBe(kept.sha256);
  const sorted = await sortImages({ screenshots: [{ label: 'viewport', png: reencoded }] }, [kept], files);
  expect(sorted).toEqual({ keep: [], refs: [kept] });
});

it('references the kept screenshot when one pixel in thousands changed (a counter ticking)', async () => {
  const wide = png(200, 100, stripes);
  const prior: ImageRef = { ...kept, sha256: await files.put(wide), bytes: wide.length };
  const ticked = png(200, 100, (x, y) => (x === 10 && y === 10 ? 128 : stripes(x)));
  const sorted = await sortImages({ screenshots: [{ label: 'viewport', png: ticked }] }, [prior], files);
  expect(sorted.refs).toEqual([prior]);
});

it('keeps a screenshot whose picture changed, one without a predecessor, and one whose predecessor is gone', async () => {
  const changed = png(64, 48, (x, y) => (x < 16 && y < 16 ? 128 : stripes(x)));
  const sorted = await sortImages(
    {
      screenshots: [
        { label: 'viewport', png: changed },
        { label: 'full-page', png: changed },
      ],
      diffImages: [{ label: 'viewport', png: changed }],
    },
    [kept, { ...kept, label: 'full-page', sha256: 'f'.repeat(64) }],
    files,
  );
  expect(sorted.refs).toEqual([]);
  expect(sorted.keep.map((i) => [i.role, i.label])).toEqual([
    ['screenshot', 'viewport'],
    ['screenshot', 'full-page'],
    ['diff', 'viewport'],
  ]);
});

it('remembers the newest image per role and label', () => {
  const newer = { ...kept, sha256: 'a'.repeat(64), seq: 9 };
  const diff: ImageRef = { ...kept, role: 'diff', seq: 3 };
  expect(mergeKept([kept, diff], [newer])).toEqual([newer, diff]);
});
