// @ts-check
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The pure core does no I/O. Which folders it (and every other folder) may import is the layer map's
 * business (layers.json, the mamori/layers rule below); this keeps I/O modules and libraries out.
 */
const coreRestrictions = {
  patterns: [
    { group: ['node:*', 'fs', 'http', 'https', 'net', 'dns', 'child_process'], message: 'src/core is pure: no I/O.' },
    {
      group: ['undici', 'better-sqlite3', 'pg', 'kysely', 'hono', 'pino'],
      message: 'src/core is pure: no I/O libraries.',
    },
  ],
};

/** @typedef {{ name: string, paths: string[], mayImport: string[], holds: string }} Layer */
/** @type {{ testSupport: string[], layers: Layer[] }} */
const layerMap = JSON.parse(readFileSync(join(import.meta.dirname, 'layers.json'), 'utf8'));

/** The layer a repository path belongs to: the one with the longest path containing it. */
function layerOf(/** @type {string} */ rel) {
  /** @type {{ layer: Layer, length: number } | null} */
  let best = null;
  for (const layer of layerMap.layers) {
    for (const p of layer.paths) {
      if ((rel === p || rel.startsWith(`${p}/`)) && (!best || p.length > best.length))
        best = { layer, length: p.length };
    }
  }
  return best?.layer ?? null;
}

/**
 * mamori/layers: a relative import must stay in its layer or go to one the map lets it import. Test
 * files are exempt (the config block ignores them); an import of a file outside the map (test/, bench/)
 * or a file in a folder the map does not name is an error too, so a new folder has to be placed.
 */
const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports follow the layer map in layers.json (docs/architecture.md).' },
    messages: {
      upward: '{{from}} may not import {{to}} ({{target}}); layers.json lets {{from}} import: {{allowed}}.',
      outside: '{{from}} may not import {{target}}: it is outside the layer map (test or tool code).',
      unmapped: '{{file}} is in no layer of layers.json: add its folder to the map.',
    },
    schema: [],
  },
  create(/** @type {import('eslint').Rule.RuleContext} */ context) {
    const root = import.meta.dirname;
    const file = relative(root, context.physicalFilename).split(sep).join('/');
    const from = layerOf(file);
    /** @param {import('estree').Node} node @param {unknown} source */
    function check(node, source) {
      if (!from || typeof source !== 'string' || !source.startsWith('.')) return;
      const target = relative(root, resolve(dirname(context.physicalFilename), source))
        .split(sep)
        .join('/');
      const to = layerOf(target);
      if (!to) {
        const data = { from: from.name, target };
        context.report({ node, messageId: 'outside', data });
      } else if (to !== from && !from.mayImport.includes(to.name)) {
        const allowed = from.mayImport.join(', ') || 'nothing outside itself';
        context.report({ node, messageId: 'upward', data: { from: from.name, to: to.name, target, allowed } });
      }
    }
    return {
      Program(node) {
        if (!from) context.report({ node, messageId: 'unmapped', data: { file } });
      },
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => check(node, node.source?.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source.value : null),
    };
  },
};

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'coverage/', '.tmp/', '.scratch/', 'web/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through src/config only.' },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', coreRestrictions],
      'no-restricted-globals': [
        'error',
        { name: 'Date', message: 'src/core has no clock: take times as arguments.' },
        { name: 'fetch', message: 'src/core is pure: no I/O.' },
      ],
    },
  },
  {
    files: ['src/**/*.ts', 'web/src/**/*.ts', 'web/src/**/*.tsx'],
    ignores: layerMap.testSupport,
    plugins: { mamori: { rules: { layers: layersRule } } },
    rules: { 'mamori/layers': 'error' },
  },
  {
    files: ['src/config/env.ts', 'src/cli/main.ts', 'bench/**/*.ts', 'test/**/*.ts', '**/*.test.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  { files: ['**/*.js'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
);
