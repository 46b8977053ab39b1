import { readFileSync } from 'node:fs';

/** Mamori's version, from package.json (recorded with every piece of evidence later). */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
