import { utimes } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../store/blob-store.ts';
import { tempDir } from '../../test/helpers.ts';
import { ARTEFACT_GRACE_MS, sweepRenderArtefacts } from './artefact-sweep.ts';

describe('sweepRenderArtefacts', () => {
  const dirs: { remove(): void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

  function store(): FsBlobStore {
    const tmp = tempDir();
    dirs.push(tmp);
    return new FsBlobStore(tmp.dir, { fsync: false });
  }

  async function aged(files: FsBlobStore, bytes: string, ageMs: number): Promise<string> {
    const sha = await files.put(Buffer.from(bytes));
    const at = new Date(Date.now() - ageMs);
    await utimes(files.pathOf(sha), at, at);
    return sha;
  }

  it('deletes old artefacts no state names, keeps named and fresh ones', async () => {
    const files = store();
    const named = await aged(files, 'latest screenshot', 2 * ARTEFACT_GRACE_MS);
    const orphan = await aged(files, 'previous screenshot', 2 * ARTEFACT_GRACE_MS);
    const fresh = await aged(files, 'written by a render still storing its state', 1000);
    const result = await sweepRenderArtefacts(
      { referencedArtefacts: () => Promise.resolve(new Set([named])) },
      files,
      Date.now(),
    );
    expect(result).toEqual({ kept: 2, deleted: 1 });
    expect(await files.has(named)).toBe(true);
    expect(await files.has(fresh)).toBe(true);
    expect(await files.has(orphan)).toBe(false);
  });

  it('sweeps an empty or missing store without error', async () => {
    const files = new FsBlobStore(`${store().dir}/never-created`);
    expect(
      await sweepRenderArtefacts({ referencedArtefacts: () => Promise.resolve(new Set()) }, files, Date.now()),
    ).toEqual({ kept: 0, deleted: 0 });
  });
});
