/**
 * The compile step of `npm run build`, shared with the benchmarks that must measure the code `mamori
 * serve` runs: esbuild with the options tsx uses, file for file (nothing bundled, every import kept),
 * so the compiled code is the code tsx would run, without tsx's loader.
 */
import { copyFileSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { build, type Plugin } from 'esbuild';

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

interface Found {
  code: string[];
  assets: string[];
}

function walk(path: string, found: Found): void {
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

export interface Compiled {
  /** How many `.ts` files were compiled and how many assets copied. */
  code: number;
  assets: number;
}

/**
 * Compiles the `.ts` files (tests aside) under each of `sources` (folders or files, relative to
 * `root`) into `outDir`, keeping their paths relative to `root`, and copies the `.js` and `.json`
 * files found beside them. It neither empties `outDir` first nor stamps it: that is the caller's
 * business (the build stamps only once everything is written).
 */
export async function compile(root: string, sources: readonly string[], outDir: string): Promise<Compiled> {
  const found: Found = { code: [], assets: [] };
  for (const source of sources) walk(join(root, source), found);
  await build({
    entryPoints: found.code,
    outdir: outDir,
    outbase: root,
    bundle: true,
    plugins: [keepImports],
    format: 'esm',
    platform: 'node',
    target: `node${process.versions.node}`,
    keepNames: true,
    logLevel: 'warning',
  });
  for (const asset of found.assets) {
    const target = join(outDir, relative(root, asset));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(asset, target);
  }
  return { code: found.code.length, assets: found.assets.length };
}

/**
 * Compiles a tree into a folder outside it (a temporary one) so plain `node` can run it there: the
 * folder gets a package.json that makes its `.js` files ES modules, as the tree's own does for dist/,
 * and a link to the tree's node_modules so its bare imports resolve to the tree's packages.
 */
export async function compileStandalone(root: string, sources: readonly string[], outDir: string): Promise<Compiled> {
  mkdirSync(outDir, { recursive: true });
  const compiled = await compile(root, sources, outDir);
  writeFileSync(join(outDir, 'package.json'), `${JSON.stringify({ type: 'module' })}\n`);
  symlinkSync(join(root, 'node_modules'), join(outDir, 'node_modules'), 'dir');
  return compiled;
}
