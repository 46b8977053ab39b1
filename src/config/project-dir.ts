import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The checkout's root (the directory holding package.json), found by walking up from this file: the
 * same code runs from `src/` through tsx and from `dist/src/` once compiled (`npm run build`), one
 * level deeper, so a fixed `../../` would point into dist/ there.
 */
export const PROJECT_DIR: string = findProjectDir(dirname(fileURLToPath(import.meta.url)));

function findProjectDir(start: string): string {
  for (let dir = start; ;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${start}: Mamori's files are not where they belong`);
    dir = parent;
  }
}
