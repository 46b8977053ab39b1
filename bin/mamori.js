#!/usr/bin/env node
// Runs the CLI compiled (dist/, from `npm run build`) when that build is newer than every source file,
// else the TypeScript directly through tsx: `npx mamori` never runs stale code. Compiled, the process
// has no loader thread and compiles nothing at start: about 70 MB less resident memory for
// `mamori serve` (docs/benchmarks.md, bench:watch).
import { URL, fileURLToPath } from 'node:url';
import { freshBuild } from './fresh-build.js';

const root = new URL('..', import.meta.url);
const compiled = freshBuild(fileURLToPath(root));
let entry = new URL('dist/src/cli/main.js', root);
if (!compiled) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = new URL('src/cli/main.ts', root);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv);
