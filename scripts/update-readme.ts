/** `npm run docs`: regenerate the README's configuration table from the config schema. */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderConfigTable } from '../src/config/docs.ts';
import { replaceSection } from './readme-sections.ts';

const path = new URL('../README.md', import.meta.url);
const before = readFileSync(path, 'utf8');
const after = replaceSection(before, 'config-table', renderConfigTable());
if (after !== before) writeFileSync(path, after);
console.log(after === before ? 'README is up to date' : 'README configuration table regenerated');
