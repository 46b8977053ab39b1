import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../store/blob-store.ts';
import { makeTempDir, type TempDir } from '../store/test-support.ts';
import type { CheckEvent } from '../pipeline/check-event.ts';
import { renderedCaptureSource, type LatestRender } from './rendered-source.ts';

const STARTED = Date.UTC(2026, 11, 1, 9, 0, 0);

const PREVIOUS = STARTED - 300_000;

function eventFor(pageId: number, lastCheckedAt: number | null = PREVIOUS): CheckEvent {
  // Only the fields the source reads; the rest of a check event plays no part here.
  return { page: { id: pageId, lastCheckedAt }, check: { startedAt: STARTED } } as unknown as CheckEvent;
}

describe('renderedCaptureSource', () => {
  let dir: TempDir;
  let blobs: FsBlobStore;
  beforeEach(async () => {
    dir = await makeTempDir('mamori-rendered-');
    blobs = new FsBlobStore(dir.path);
  });
  afterEach(() => dir.remove());

  async function renderAt(renderedAt: number): Promise<LatestRender> {
    return {
      renderedAt,
      viewportSha256: await blobs.put(Buffer.from('viewport-png')),
      fullPageSha256: await blobs.put(Buffer.from('full-page-png')),
      domSha256: await blobs.put(Buffer.from('<html><body>après scripts</body></html>', 'utf8')),
      diffSha256: await blobs.put(Buffer.from('diff-png')),
    };
  }

  it('hands over the screenshots, DOM and diff of a render made during this check', async () => {
    const latest = await renderAt(STARTED + 1500);
    const source = renderedCaptureSource({ latest: (id) => Promise.resolve(id === 7 ? latest : null) }, blobs);
    const capture = await source(eventFor(7));
    expect(capture?.screenshots?.map((s) => [s.label, s.png.toString()])).toEqual([
      ['viewport', 'viewport-png'],
      ['full-page', 'full-page-png'],
    ]);
    expect(capture?.diffImages?.map((d) => d.png.toString())).toEqual(['diff-png']);
    expect(capture?.renderedDom).toBe('<html><body>après scripts</body></html>');
    expect(await source(eventFor(8))).toBeUndefined();
  });

  it('takes the background render the previous check began, whose verdict this check reports', async () => {
    const background = await renderAt(PREVIOUS + 2000);
    const capture = await renderedCaptureSource({ latest: () => Promise.resolve(background) }, blobs)(eventFor(7));
    expect(capture?.screenshots).toHaveLength(2);
  });

  it('leaves out a render from before the previous check, and blobs that are gone', async () => {
    const old = await renderAt(PREVIOUS - 1);
    expect(await renderedCaptureSource({ latest: () => Promise.resolve(old) }, blobs)(eventFor(7))).toBeUndefined();
    const beforeFirst = await renderAt(STARTED - 1);
    expect(
      await renderedCaptureSource({ latest: () => Promise.resolve(beforeFirst) }, blobs)(eventFor(7, null)),
    ).toBeUndefined();

    const fresh = { ...(await renderAt(STARTED)), domSha256: null, diffSha256: null };
    await blobs.delete(fresh.fullPageSha256 ?? '');
    const capture = await renderedCaptureSource({ latest: () => Promise.resolve(fresh) }, blobs)(eventFor(7));
    expect(capture?.screenshots?.map((s) => s.label)).toEqual(['viewport']);
    expect(capture?.renderedDom).toBeUndefined();
    expect(capture?.diffImages).toBeUndefined();
  });
});
