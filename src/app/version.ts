import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_DIR } from '../config/project-dir.ts';

/** Mamori's version, from package.json (recorded with every piece of evidence later). */
export const VERSION: string = (
  JSON.parse(readFileSync(join(PROJECT_DIR, 'package.json'), 'utf8')) as { version: string }
).version;
