// Whether dist/ holds a build of the current sources. Plain JavaScript: it decides whether tsx is needed at all.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Written by `npm run build` (scripts/build.ts) once the compile succeeded: when that build started. */
export const BUILD_STAMP = 'dist/build-stamp.json';

/**
 * True when `npm run build` finished after the last change to any source file under src/ (tests
 * aside), so dist/ runs exactly the code src/ holds. A missing or failed build, or any source file
 * edited since the build started, answers false and the caller runs the TypeScript through tsx.
 * @param {string} root the checkout's directory
 * @returns {boolean}
 */
export function freshBuild(root) {
  let startedAt;
  try {
    startedAt = Number(JSON.parse(readFileSync(join(root, BUILD_STAMP), 'utf8')).startedAt);
  } catch {
    return false;
  }
  if (!Number.isFinite(startedAt)) return false;
  return newestSource(join(root, 'src')) < startedAt;
}

/**
 * Latest modification time under a directory, directories included (a deleted file changes its
 * directory), test files left out (the build does not compile them).
 * @param {string} dir
 * @returns {number}
 */
function newestSource(dir) {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}
