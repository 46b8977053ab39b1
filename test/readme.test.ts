import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { renderConfigTable } from '../src/config/docs.ts';
import { section } from '../scripts/readme-sections.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('shows the configuration table generated from the schema (run `npm run docs` after changing a key)', () => {
    expect(section(readme, 'config-table')).toBe(renderConfigTable().trim());
  });

  it('starts with the two commands: run, then test', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(firstBlock).toMatch(/^npm ci && npm start/m);
    expect(firstBlock).toMatch(/^npm test/m);
  });
});
