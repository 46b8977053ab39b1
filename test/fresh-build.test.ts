import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILD_STAMP, freshBuild } from '../bin/fresh-build.js';
import { tempDir } from './helpers.ts';

/** A checkout with two source files and a test, all last changed at `at` (epoch ms). */
function checkout(at: number): { root: string; remove(): void; touch(path: string, ms: number): void } {
  const dir = tempDir('mamori-fresh-');
  const touch = (path: string, ms: number): void => utimesSync(join(dir.dir, path), ms / 1000, ms / 1000);
  mkdirSync(join(dir.dir, 'src/core'), { recursive: true });
  mkdirSync(join(dir.dir, 'dist'), { recursive: true });
  for (const file of ['src/cli.ts', 'src/core/judge.ts', 'src/core/judge.test.ts']) {
    writeFileSync(join(dir.dir, file), '');
    touch(file, at);
  }
  touch('src/core', at);
  touch('src', at);
  return { root: dir.dir, remove: () => dir.remove(), touch };
}

describe('freshBuild: whether bin/mamori.js may run dist/ instead of the TypeScript', () => {
  const made: { remove(): void }[] = [];
  afterEach(() => made.splice(0).forEach((c) => c.remove()));
  const T = Date.UTC(2026, 11, 7, 3, 0);
  const stamp = (root: string, startedAt: number): void =>
    writeFileSync(join(root, BUILD_STAMP), JSON.stringify({ startedAt }));

  it('is fresh when the build started after the last change to src/', () => {
    const c = checkout(T);
    made.push(c);
    stamp(c.root, T + 1000);
    expect(freshBuild(c.root)).toBe(true);
  });

  it('is stale without a build, or with one older than any source file', () => {
    const c = checkout(T);
    made.push(c);
    expect(freshBuild(c.root)).toBe(false);
    stamp(c.root, T + 1000);
    c.touch('src/core/judge.ts', T + 2000);
    expect(freshBuild(c.root)).toBe(false);
  });

  it('is stale when a file was added or deleted since (its directory changed)', () => {
    const c = checkout(T);
    made.push(c);
    stamp(c.root, T + 1000);
    c.touch('src/core', T + 2000);
    expect(freshBuild(c.root)).toBe(false);
  });

  it('ignores tests, which the build does not compile', () => {
    const c = checkout(T);
    made.push(c);
    stamp(c.root, T + 1000);
    c.touch('src/core/judge.test.ts', T + 2000);
    expect(freshBuild(c.root)).toBe(true);
  });
});
