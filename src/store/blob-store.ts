/**
 * Content-addressed storage for response bodies. A body is stored once under its SHA-256, so an
 * unchanged page costs a check row, not another copy, and identical bodies on different pages share.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, stat, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { BlobCorruptError, toStoreError } from './errors.ts';

export interface BlobStore {
  /** Store the bytes (unless already there) and return their SHA-256, lower-case hex. */
  put(bytes: Buffer): Promise<string>;
  /** The bytes, or null when no blob has this hash. Throws BlobCorruptError if the file was altered. */
  get(sha256: string): Promise<Buffer | null>;
  has(sha256: string): Promise<boolean>;
  /** Remove the blob; removing a missing blob is not an error. */
  delete(sha256: string): Promise<void>;
  /**
   * Remove the blob only if nothing stored it for `idleMs`. Retention uses this: a check may be
   * storing the same body (found already there, so not rewritten) just as its last reference is pruned.
   * Returns whether it was removed.
   */
  deleteIfIdle(sha256: string, idleMs: number, now: number): Promise<boolean>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Throws unless `id` is a lower-case hex SHA-256: the only shape that may become a file name. */
export function assertSha256(id: string): void {
  if (typeof id !== 'string' || !SHA256_HEX.test(id)) {
    throw new TypeError(
      `Invalid blob id ${JSON.stringify(String(id).slice(0, 80))}: expected 64 lower-case hex digits.`,
    );
  }
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function isNotFound(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'ENOENT';
}

/** Names in a directory; none when it does not exist (an empty store has no directories yet). */
async function listDir(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch (err) {
    if (isNotFound(err) || (err as { code?: unknown }).code === 'ENOTDIR') return [];
    throw err;
  }
}

/** Size of a regular file, or null when there is none. */
async function fileSize(path: string): Promise<number | null> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.size : null;
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

/** What re-hashing one blob found (verify's view: nothing here throws). */
export type BlobCheck =
  | { state: 'ok'; bytes: number }
  | { state: 'missing'; bytes: 0 }
  | { state: 'corrupted'; bytes: number; actual: string }
  | { state: 'unreadable'; bytes: number; detail: string };

export interface FsBlobStoreOptions {
  /**
   * fsync each new blob before it becomes visible. On by default: evidence must survive a power
   * cut, and only changed bodies are written, so the cost is small.
   */
  fsync?: boolean;
}

/**
 * Temp names: random once per process, then a counter (not random bytes per put). Unique within the
 * process by the counter; across processes by the pid and the random part, so a crashed process's
 * leftover under a reused pid does not collide ('wx' would refuse it rather than overwrite anyway).
 */
const TEMP_PREFIX = randomBytes(6).toString('hex');
let tempCount = 0;

/** Blobs as files at `<dir>/ab/cd/<sha256>`: two levels of 256 keep directories small. */
export class FsBlobStore implements BlobStore {
  readonly dir: string;
  readonly #fsync: boolean;
  readonly #target: string;
  /** Blob directories (their four hex digits as a number) this store has made or found: see `#writeInDir`. */
  readonly #madeDirs = new Set<number>();

  constructor(dir: string, options: FsBlobStoreOptions = {}) {
    this.dir = dir;
    this.#fsync = options.fsync ?? true;
    this.#target = `blob store ${dir}`;
  }

  /** Path of a blob; validates the id first, so no id can name a file outside the directory. */
  pathOf(sha256: string): string {
    assertSha256(sha256);
    return join(this.dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(bytes: Buffer): Promise<string> {
    const sha256 = sha256Hex(bytes);
    const path = this.pathOf(sha256);
    try {
      // Dedup: same hash and same size means same content; a truncated leftover gets rewritten.
      const existingSize = await fileSize(path);
      if (existingSize === bytes.length) {
        // Mark it as used now, so retention does not delete it under a check that is about to refer to it.
        const now = new Date();
        await utimes(path, now, now);
        return sha256;
      }
      await this.#writeInDir(sha256, path, bytes);
      return sha256;
    } catch (err) {
      throw toStoreError(err, this.#target);
    }
  }

  /**
   * Makes the blob's directory the first time this store writes there, not on every put (a mkdir is
   * a system call on the libuv pool and a promise per changed page). A directory removed behind our
   * back fails the temp file's open with ENOENT: then it is made again and the write retried once.
   */
  async #writeInDir(sha256: string, path: string, bytes: Buffer): Promise<void> {
    const dirKey = Number.parseInt(sha256.slice(0, 4), 16);
    const dir = join(this.dir, sha256.slice(0, 2), sha256.slice(2, 4));
    if (this.#madeDirs.has(dirKey)) {
      try {
        return await this.#writeAtomically(path, bytes);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        this.#madeDirs.delete(dirKey);
      }
    }
    await mkdir(dir, { recursive: true });
    this.#madeDirs.add(dirKey);
    await this.#writeAtomically(path, bytes);
  }

  /** Write to a unique temp file beside the target, then rename: readers see all of it or nothing. */
  async #writeAtomically(path: string, bytes: Buffer): Promise<void> {
    const temp = `${path}.${process.pid}.${TEMP_PREFIX}${(tempCount++).toString(36)}.tmp`;
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
      if (this.#fsync) await handle.sync();
    } catch (err) {
      await handle.close();
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    await handle.close();
    try {
      await rename(temp, path);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
  }

  async get(sha256: string): Promise<Buffer | null> {
    const path = this.pathOf(sha256);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (err) {
      if (isNotFound(err)) return null;
      throw toStoreError(err, this.#target);
    }
    // Bodies are evidence: never hand out bytes that no longer match the hash they were filed under.
    const actual = sha256Hex(bytes);
    if (actual !== sha256) {
      throw new BlobCorruptError(
        `Blob ${sha256} in ${this.dir} is corrupt (its content hashes to ${actual}): restore it from a backup.`,
        {
          cause: null,
        },
      );
    }
    return bytes;
  }

  /** Re-hash the blob, streaming (bodies can be large), and say whether it still matches its name. */
  async verify(sha256: string): Promise<BlobCheck> {
    const path = this.pathOf(sha256);
    let bytes = 0;
    try {
      const info = await stat(path);
      if (!info.isFile()) return { state: 'unreadable', bytes: 0, detail: 'is not a regular file' };
      const hash = createHash('sha256');
      for await (const chunk of createReadStream(path)) {
        hash.update(chunk as Buffer);
        bytes += (chunk as Buffer).length;
      }
      const actual = hash.digest('hex');
      return actual === sha256 ? { state: 'ok', bytes } : { state: 'corrupted', bytes, actual };
    } catch (err) {
      if (isNotFound(err)) return { state: 'missing', bytes: 0 };
      return { state: 'unreadable', bytes, detail: (err as { code?: string }).code ?? String(err) };
    }
  }

  async has(sha256: string): Promise<boolean> {
    const path = this.pathOf(sha256);
    try {
      return (await fileSize(path)) !== null;
    } catch (err) {
      throw toStoreError(err, this.#target);
    }
  }

  async deleteIfIdle(sha256: string, idleMs: number, now: number): Promise<boolean> {
    const path = this.pathOf(sha256);
    try {
      const info = await stat(path);
      if (now - info.mtimeMs < idleMs) return false;
      await unlink(path);
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw toStoreError(err, this.#target);
    }
  }

  /** Every stored blob's id, directory by directory (temp files and strays are skipped). */
  async *ids(): AsyncGenerator<string> {
    for (const first of await listDir(this.dir)) {
      for (const second of await listDir(join(this.dir, first))) {
        for (const name of await listDir(join(this.dir, first, second))) {
          if (SHA256_HEX.test(name) && name.startsWith(first + second)) yield name;
        }
      }
    }
  }

  async delete(sha256: string): Promise<void> {
    const path = this.pathOf(sha256);
    try {
      await unlink(path);
    } catch (err) {
      if (!isNotFound(err)) throw toStoreError(err, this.#target);
    }
  }
}
