import { randomBytes } from 'node:crypto';
import { readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsBlobStore, sha256Hex } from './blob-store.ts';
import { BlobCorruptError } from './errors.ts';
import type { TempDir } from './test-support.ts';
import { makeTempDir } from './test-support.ts';

async function allFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('FsBlobStore', () => {
  let dir: TempDir;
  let blobs: FsBlobStore;
  beforeEach(async () => {
    dir = await makeTempDir('mamori-blobs-');
    blobs = new FsBlobStore(join(dir.path, 'blobs'));
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('stores by SHA-256 under ab/cd/ and reads back', async () => {
    const body = Buffer.from('<html>財務省</html>');
    const id = await blobs.put(body);
    expect(id).toBe(sha256Hex(body));
    expect(blobs.pathOf(id)).toBe(join(dir.path, 'blobs', id.slice(0, 2), id.slice(2, 4), id));
    expect(await blobs.get(id)).toEqual(body);
    expect(await blobs.has(id)).toBe(true);
    await blobs.delete(id);
    expect(await blobs.has(id)).toBe(false);
    expect(await blobs.get(id)).toBeNull();
    await expect(blobs.delete(id)).resolves.toBeUndefined();
  });

  it('deduplicates: storing the same bytes again writes nothing, but marks the blob as used', async () => {
    const body = randomBytes(4096);
    const id = await blobs.put(body);
    const before = await stat(blobs.pathOf(id));
    await new Promise((r) => setTimeout(r, 20));
    expect(await blobs.put(Buffer.from(body))).toBe(id);
    const after = await stat(blobs.pathOf(id));
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBeGreaterThan(before.mtimeMs);
    expect(await allFiles(blobs.dir)).toHaveLength(1);
  });

  it('deletes an unreferenced blob only once it has been idle for the grace period', async () => {
    const id = await blobs.put(randomBytes(64));
    const now = Date.now();
    expect(await blobs.deleteIfIdle(id, 60_000, now)).toBe(false);
    expect(await blobs.has(id)).toBe(true);
    expect(await blobs.deleteIfIdle(id, 60_000, now + 120_000)).toBe(true);
    expect(await blobs.has(id)).toBe(false);
    expect(await blobs.deleteIfIdle(id, 60_000, now + 120_000)).toBe(false);
  });

  it('writes atomically: concurrent writers and readers never see a partial blob', async () => {
    const body = randomBytes(2 * 1024 * 1024);
    const id = sha256Hex(body);
    const readers = Array.from({ length: 20 }, async () => {
      const got = await blobs.get(id).catch((e: unknown) => e);
      // Either absent or whole: get() verifies the hash, so a torn file would throw.
      expect(got === null || (Buffer.isBuffer(got) && got.equals(body))).toBe(true);
    });
    const writers = Array.from({ length: 8 }, () => blobs.put(body));
    expect(new Set(await Promise.all(writers))).toEqual(new Set([id]));
    await Promise.all(readers);
    expect(await allFiles(blobs.dir)).toEqual([blobs.pathOf(id)]);
  });

  it('makes its directories again when they are removed after a write', async () => {
    const body = randomBytes(2048);
    const id = await blobs.put(body);
    // The store has made this blob's directory once; remove it (and the one above) behind its back.
    await rm(join(dir.path, 'blobs', id.slice(0, 2)), { recursive: true });
    expect(await blobs.put(body)).toBe(id);
    expect(await blobs.get(id)).toEqual(body);
    await rm(join(dir.path, 'blobs'), { recursive: true });
    expect(await blobs.put(body)).toBe(id);
    expect(await blobs.get(id)).toEqual(body);
  });

  it('ignores leftover temp files and repairs a truncated blob', async () => {
    const body = Buffer.from('full body');
    const id = sha256Hex(body);
    const path = blobs.pathOf(id);
    await blobs.put(Buffer.from('placeholder to create the directories'));
    await import('node:fs/promises').then((fs) => fs.mkdir(join(path, '..'), { recursive: true }));
    await writeFile(`${path}.123.abc.tmp`, 'partial');
    expect(await blobs.has(id)).toBe(false);
    await writeFile(path, 'full');
    await blobs.put(body);
    expect(await blobs.get(id)).toEqual(body);
  });

  it('refuses to hand out a blob whose content no longer matches its hash', async () => {
    const id = await blobs.put(Buffer.from('original'));
    await writeFile(blobs.pathOf(id), 'tampered');
    await expect(blobs.get(id)).rejects.toBeInstanceOf(BlobCorruptError);
  });

  it('verifies a blob by its name without throwing: ok, corrupted (with the hash found), missing', async () => {
    const bytes = randomBytes(100_000);
    const id = await blobs.put(bytes);
    expect(await blobs.verify(id)).toEqual({ state: 'ok', bytes: bytes.length });
    const changed = Buffer.from(bytes);
    changed[5] = changed[5]! ^ 0x01;
    await writeFile(blobs.pathOf(id), changed);
    expect(await blobs.verify(id)).toEqual({ state: 'corrupted', bytes: bytes.length, actual: sha256Hex(changed) });
    expect(await blobs.verify(sha256Hex(Buffer.from('absent')))).toEqual({ state: 'missing', bytes: 0 });
  });

  it('rejects ids that are not SHA-256 hex, so nothing outside the directory is touched', async () => {
    const victim = join(dir.path, 'victim.txt');
    await writeFile(victim, 'keep me');
    const bad = [
      '../victim.txt',
      `../../${'a'.repeat(62)}`,
      'A'.repeat(64),
      'a'.repeat(63),
      'a'.repeat(65),
      `${'a'.repeat(63)}/`,
      '',
      `${'g'.repeat(64)}`,
    ];
    for (const id of bad) {
      await expect(blobs.get(id)).rejects.toBeInstanceOf(TypeError);
      await expect(blobs.has(id)).rejects.toBeInstanceOf(TypeError);
      await expect(blobs.delete(id)).rejects.toBeInstanceOf(TypeError);
    }
    expect(await import('node:fs/promises').then((fs) => fs.readFile(victim, 'utf8'))).toBe('keep me');
  });
});
