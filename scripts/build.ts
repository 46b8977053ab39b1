/**
 * `npm run build`: compiles src/ (and the benchmarks with their helpers) to JavaScript in dist/, file
 * for file, so `bin/mamori.js` can run without tsx: no loader thread and no compiling at start, which
 * is most of the difference between `mamori serve`'s resident memory under tsx and compiled. It uses
 * esbuild with the options tsx uses (scripts/lib/compile.ts), so the compiled code is the code tsx
 * would run. Only once every file is written does it stamp the build with the time it started: an
 * edit made during the build leaves it stale, and `bin/mamori.js` then runs the TypeScript
 * (bin/fresh-build.js).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from './lib/compile.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'dist');
/** What is compiled: the application, and the benchmarks with the test helper they share. */
const SOURCES = ['src', 'bench', 'test/helpers.ts'];

const startedAt = Date.now();
rmSync(OUT, { recursive: true, force: true });
const compiled = await compile(ROOT, SOURCES, OUT);
writeFileSync(join(OUT, 'build-stamp.json'), `${JSON.stringify({ startedAt })}\n`);
console.log(`dist/: ${compiled.code} files compiled, ${compiled.assets} copied`);
