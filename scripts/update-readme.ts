/**
 * `npm run docs`: regenerate the configuration table in docs/configuration.md from the config schema,
 * and the layer map table in docs/architecture.md from layers.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderConfigTable } from '../src/config/docs.ts';
import { loadLayerMap, renderLayerTable } from './layer-map.ts';
import { replaceSection } from './readme-sections.ts';

function regenerate(file: string, name: string, body: string, what: string): void {
  const path = new URL(`../${file}`, import.meta.url);
  const before = readFileSync(path, 'utf8');
  const after = replaceSection(before, name, body);
  if (after !== before) writeFileSync(path, after);
  console.log(after === before ? `${file} is up to date` : `${file}: ${what} regenerated`);
}

regenerate('docs/configuration.md', 'config-table', renderConfigTable(), 'configuration table');
regenerate('docs/architecture.md', 'layer-map', renderLayerTable(loadLayerMap()), 'layer map');
