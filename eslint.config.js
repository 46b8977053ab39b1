// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Layering (DEVELOPERS.md): the pure core does no I/O and knows nothing of the layers around it. */
const coreRestrictions = {
  patterns: [
    { group: ['node:*', 'fs', 'http', 'https', 'net', 'dns', 'child_process'], message: 'src/core is pure: no I/O.' },
    {
      group: [
        '../fetch/*',
        '../store/*',
        '../queue/*',
        '../watch/*',
        '../api/*',
        '../cli/*',
        '../config/*',
        '../render/*',
        '../evidence/*',
        '../alert/*',
        '../intel/*',
        '../demo/*',
        '../import/*',
        '../../*',
      ],
      message: 'src/core must not depend on outer layers.',
    },
    {
      group: ['undici', 'better-sqlite3', 'pg', 'kysely', 'hono', 'pino'],
      message: 'src/core is pure: no I/O libraries.',
    },
  ],
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
    files: ['src/config/env.ts', 'src/cli/main.ts', 'bench/**/*.ts', 'test/**/*.ts', '**/*.test.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  { files: ['**/*.js'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
);
