import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { compile, compileStandalone } from '../scripts/lib/compile.ts';
import { tempDir } from './helpers.ts';

const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * A tiny tree as bench:analysis finds an old checkout: a `.ts` import chain (with a type-only import
 * and TypeScript syntax), a json asset read with an import attribute, a package import, and a test
 * file that must not be compiled.
 */
function tinyTree(root: string): void {
  const files: Record<string, string> = {
    'src/main.ts': [
      "import { greet } from './lib/greet.ts';",
      "import type { Weights } from './lib/types.ts';",
      "import { z } from 'zod';",
      'const w: Weights = { bias: 2 };',
      "console.log(greet('tree', w), z.number().parse(41) + 1);",
    ].join('\n'),
    'src/lib/types.ts': 'export interface Weights { bias: number }',
    'src/lib/greet.ts': [
      "import weights from '../weights.json' with { type: 'json' };",
      "import type { Weights } from './types.ts';",
      'enum Tone { Plain = 1 }',
      'export const greet = (name: string, w: Weights): string =>',
      '  `hello ${name} ${weights.scale * w.bias + Tone.Plain}`;',
    ].join('\n'),
    'src/weights.json': '{ "scale": 3 }',
    'src/main.test.ts': "throw new Error('tests are not compiled');",
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), `${text}\n`);
  }
  symlinkSync(join(PROJECT, 'node_modules'), join(root, 'node_modules'), 'dir');
}

describe('compile: the build step bench:analysis also runs on each side', () => {
  const made: { remove(): void }[] = [];
  afterEach(() => made.splice(0).forEach((d) => d.remove()));

  it('compiles a tree outside it that plain node runs, assets and packages included', async () => {
    const tree = tempDir('mamori-compile-tree-');
    const out = tempDir('mamori-compile-out-');
    made.push(tree, out);
    tinyTree(tree.dir);
    const target = join(out.dir, 'tree');
    const compiled = await compileStandalone(tree.dir, ['src'], target);
    expect(compiled).toEqual({ code: 3, assets: 1 });
    expect(existsSync(join(target, 'src/main.test.js'))).toBe(false);
    // Declared ES modules, as the project's package.json declares dist/: node would otherwise guess
    // per file (and only versions with module detection guess right).
    expect(JSON.parse(readFileSync(join(target, 'package.json'), 'utf8'))).toEqual({ type: 'module' });
    // No tsx here: a `.ts` specifier left in, or a missing asset, would fail to load.
    const printed = execFileSync(process.execPath, [join(target, 'src/main.js')], { encoding: 'utf8' });
    expect(printed.trim()).toBe('hello tree 7 42');
  });

  it('keeps every import an import: nothing is bundled into the importing file', async () => {
    const tree = tempDir('mamori-compile-tree-');
    made.push(tree);
    tinyTree(tree.dir);
    await compile(tree.dir, ['src/main.ts', 'src/lib/greet.ts'], join(tree.dir, 'dist'));
    const main = readFileSync(join(tree.dir, 'dist/src/main.js'), 'utf8');
    expect(main).toMatch(/from ["']\.\/lib\/greet\.js["']/);
    expect(main).toMatch(/from ["']zod["']/);
    expect(main).not.toContain('hello');
    expect(readFileSync(join(tree.dir, 'dist/src/lib/greet.js'), 'utf8')).toMatch(/weights\.json["'] with/);
  });
});
