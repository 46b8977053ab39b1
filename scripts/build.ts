/**
 * `npm run build`: compiles src/ (and the benchmarks with their helpers) to JavaScript in dist/, file
 * for file, so `bin/mamori.js` can run without tsx: no loader thread and no compiling at start, which
 * is most of the difference between `mamori serve`'s resident memory under tsx and compiled. It uses
 * esbuild with the options tsx uses, so the compiled code is the code tsx would run. Only once every
 * file is written does it stamp the build with the time it started: an edit made during the build
 * leaves it stale, and `bin/mamori.js` then runs the TypeScript (bin/fresh-build.js).
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'dist');
/** What is compiled: the application, and the benchmarks with the test helper they share. */
const SOURCES = ['src', 'bench', 'test/helpers.ts'];
/** Files read at run time beside the code (the in-page scripts, the fitted verdict weights). */
const ASSETS = /\.(js|json)$/;

/**
 * Every import stays an import (each file compiles alone, nothing is bundled), and a relative `.ts`
 * specifier becomes the `.js` file the build writes beside it.
 */
const keepImports: Plugin = {
  name: 'keep-imports',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      return { path: args.path.startsWith('.') ? args.path.replace(/\.ts$/, '.js') : args.path, external: true };
    });
  },
};

function walk(path: string, found: { code: string[]; assets: string[] }): void {
  if (path.endsWith('.ts')) {
    if (!path.endsWith('.test.ts')) found.code.push(path);
    return;
  }
  if (ASSETS.test(path)) {
    found.assets.push(path);
    return;
  }
  let entries;
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) if (entry.isDirectory() || entry.isFile()) walk(join(path, entry.name), found);
}

const startedAt = Date.now();
const found = { code: [] as string[], assets: [] as string[] };
for (const source of SOURCES) walk(join(ROOT, source), found);
rmSync(OUT, { recursive: true, force: true });
await build({
  entryPoints: found.code,
  outdir: OUT,
  outbase: ROOT,
  bundle: true,
  plugins: [keepImports],
  format: 'esm',
  platform: 'node',
  target: `node${process.versions.node}`,
  keepNames: true,
  logLevel: 'warning',
});
for (const asset of found.assets) {
  const target = join(OUT, relative(ROOT, asset));
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(asset, target);
}
writeFileSync(join(OUT, 'build-stamp.json'), `${JSON.stringify({ startedAt })}\n`);
console.log(`dist/: ${found.code.length} files compiled, ${found.assets.length} copied`);
