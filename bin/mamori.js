#!/usr/bin/env -S node --max-semi-space-size=4 --heap-growing-percent=100
// Runs the CLI compiled (dist/, from `npm run build`) when that build is newer than every source file,
// else the TypeScript directly through tsx: `npx mamori` never runs stale code. Compiled, the process
// has no loader thread and compiles nothing at start: about 70 MB less resident memory for
// `mamori serve` (docs/benchmarks.md, bench:watch).
//
// The heap flags, which Node takes only at start, are in the line above and in package.json's scripts
// (start, mamori, demo, bench:watch): a 4 MB young generation half (instead of up to 16 MB) and a heap
// that grows to at most twice what survived the last full collection (V8 lets it grow up to four
// times). Page bodies live outside the heap and are freed only when their handles are collected, so a
// heap allowed to grow far between collections holds tens of MB of dead bodies; these two bound it.
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
