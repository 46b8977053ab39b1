/**
 * The layer map (layers.json) read for the checks and the docs: which layer a path is in, whether the
 * map has a circle, and the table docs/architecture.md shows. ESLint enforces the map on imports
 * (mamori/layers in eslint.config.js); test/layers.test.ts checks the map itself.
 */
import { readFileSync } from 'node:fs';

export interface Layer {
  name: string;
  /** Folders (or single files) of the repository that make up the layer. */
  paths: string[];
  holds: string;
  mayImport: string[];
}

export interface LayerMap {
  testSupport: string[];
  layers: Layer[];
}

export function loadLayerMap(): LayerMap {
  return JSON.parse(readFileSync(new URL('../layers.json', import.meta.url), 'utf8')) as LayerMap;
}

/** The layer a repository path (posix, relative to the root) belongs to: the longest path containing it. */
export function layerOf(map: LayerMap, rel: string): Layer | null {
  let best: { layer: Layer; length: number } | null = null;
  for (const layer of map.layers) {
    for (const p of layer.paths) {
      if ((rel === p || rel.startsWith(`${p}/`)) && (!best || p.length > best.length))
        best = { layer, length: p.length };
    }
  }
  return best?.layer ?? null;
}

/** Problems of the map as written: unknown names, duplicates, a layer naming itself. */
export function mapProblems(map: LayerMap): string[] {
  const names = new Set<string>();
  const problems: string[] = [];
  for (const l of map.layers) {
    if (names.has(l.name)) problems.push(`${l.name} is named twice`);
    names.add(l.name);
  }
  for (const l of map.layers) {
    for (const n of l.mayImport) {
      if (n === l.name) problems.push(`${l.name} names itself`);
      else if (!names.has(n)) problems.push(`${l.name} may import ${n}, which is no layer`);
    }
  }
  return problems;
}

/** A circle of layers (each may import the next, the last the first), or null when there is none. */
export function circleIn(map: LayerMap): string[] | null {
  const byName = new Map(map.layers.map((l) => [l.name, l]));
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): string[] | null => {
    if (state.get(name) === 'done') return null;
    if (state.get(name) === 'open') return [...path.slice(path.indexOf(name)), name];
    state.set(name, 'open');
    path.push(name);
    for (const next of byName.get(name)?.mayImport ?? []) {
      const circle = visit(next);
      if (circle) return circle;
    }
    path.pop();
    state.set(name, 'done');
    return null;
  };
  for (const l of map.layers) {
    const circle = visit(l.name);
    if (circle) return circle;
  }
  return null;
}

/** The map as the markdown table of docs/architecture.md, lower layers first, as layers.json lists them. */
export function renderLayerTable(map: LayerMap): string {
  const rows = map.layers.map((l) => {
    const paths = l.paths.map((p) => `\`${p}\``).join(', ');
    const may = l.mayImport.length > 0 ? l.mayImport.join(', ') : '(nothing)';
    return `| ${l.name} | ${paths} | ${may} | ${l.holds} |`;
  });
  return ['| layer | paths | may import | holds |', '|---|---|---|---|', ...rows].join('\n');
}
