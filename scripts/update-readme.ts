/** `npm run docs`: regenerate the configuration table in docs/configuration.md from the config schema. */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderConfigTable } from '../src/config/docs.ts';
import { replaceSection } from './readme-sections.ts';

const path = new URL('../docs/configuration.md', import.meta.url);
const before = readFileSync(path, 'utf8');
const after = replaceSection(before, 'config-table', renderConfigTable());
if (after !== before) writeFileSync(path, after);
console.log(
  after === before ? 'docs/configuration.md is up to date' : 'docs/configuration.md: configuration table regenerated',
);
