/**
 * The layer map (layers.json) is whole, has no circle, matches docs/architecture.md, and is enforced:
 * fixture imports linted through the repository's own ESLint config fail when they go upward.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { circleIn, layerOf, loadLayerMap, mapProblems, renderLayerTable, type LayerMap } from '../scripts/layer-map.ts';
import { section } from '../scripts/readme-sections.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const map = loadLayerMap();

/** Every folder under `dir`, as repository paths. */
function folders(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    out.push(`${dir}/${e.name}`, ...folders(`${dir}/${e.name}`));
  }
  return out;
}

/** The repository's ESLint config with only the layer rule on and no type information (fixtures are not on disk). */
const eslint = new ESLint({
  cwd: root,
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => ruleId === 'mamori/layers',
});

/** The mamori/layers messages for `code` as if it were the file at `file`. */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'mamori/layers').map((m) => m.message);
}

describe('the layer map', () => {
  it('names only layers it has, each once, and none names itself', () => {
    expect(mapProblems(map)).toEqual([]);
  });

  it('has no circle', () => {
    expect(circleIn(map)).toBeNull();
  });

  it('finds a circle when one is added', () => {
    const withCircle: LayerMap = {
      ...map,
      layers: map.layers.map((l) => (l.name === 'core' ? { ...l, mayImport: ['watch'] } : l)),
    };
    expect(circleIn(withCircle)).toEqual(expect.arrayContaining(['core', 'watch']));
  });

  it('places every folder of src/ and web/src/, and names no path that is gone', () => {
    const unplaced = [...folders('src'), ...folders('web/src')].filter((f) => layerOf(map, `${f}/x.ts`) === null);
    expect(unplaced).toEqual([]);
    const here = new Set(['src', 'web/src', ...folders('src'), ...folders('web/src')]);
    const files = (d: string) => readdirSync(join(root, d)).map((f) => `${d}/${f}`);
    for (const f of files('web/src')) here.add(f);
    expect(map.layers.flatMap((l) => l.paths).filter((p) => !here.has(p))).toEqual([]);
  });

  it('is the table docs/architecture.md shows (run `npm run docs` after changing layers.json)', () => {
    const doc = readFileSync(join(root, 'docs/architecture.md'), 'utf8');
    expect(section(doc, 'layer-map')).toBe(renderLayerTable(map).trim());
  });
});

describe('mamori/layers (eslint.config.js)', { timeout: 60_000 }, () => {
  it('fails an upward import: the pipeline reaching into the watch loop, the core into the store', async () => {
    expect(await layerErrors('src/pipeline/fixture.ts', "import { Scheduler } from '../watch/scheduler.ts';")).toEqual([
      expect.stringContaining('pipeline may not import watch'),
    ]);
    expect(await layerErrors('src/core/fixture.ts', "export type { Store } from '../store/types.ts';")).toEqual([
      expect.stringContaining('core may not import store'),
    ]);
  });

  it('fails a feature importing the composition root, and a dynamic import as well', async () => {
    const code =
      "import type { Runtime } from '../app/runtime.ts';\nexport const m = () => import('../app/server.ts');";
    expect(await layerErrors('src/metrics/fixture.ts', code)).toEqual([
      expect.stringContaining('metrics may not import app'),
      expect.stringContaining('metrics may not import app'),
    ]);
  });

  it('fails the circles this map broke: alert into incidents, estate into import, config into alert', async () => {
    expect(await layerErrors('src/alert/fixture.ts', "import '../incidents/tables.ts';")).toHaveLength(1);
    expect(await layerErrors('src/estate/fixture.ts', "import '../import/sitemap-reader.ts';")).toHaveLength(1);
    expect(await layerErrors('src/config/fixture.ts', "import '../alert/routing.ts';")).toHaveLength(1);
  });

  it('fails application code importing test helpers, and a file in a folder the map does not name', async () => {
    expect(await layerErrors('src/watch/fixture.ts', "import '../../test/helpers.ts';")).toEqual([
      expect.stringContaining('outside the layer map'),
    ]);
    expect(await layerErrors('src/newfolder/fixture.ts', 'export const x = 1;')).toEqual([
      expect.stringContaining('in no layer of layers.json'),
    ]);
  });

  it('fails a dashboard component importing a view', async () => {
    expect(await layerErrors('web/src/components/fixture.tsx', "import '../views/login.tsx';")).toEqual([
      expect.stringContaining('web/components may not import web/views'),
    ]);
  });

  it('passes imports the map allows, within a layer, of packages, and from test files', async () => {
    const allowed = [
      "import type { CheckEvent } from '../pipeline/check-event.ts';",
      "import { CheckWriter } from './check-writer.ts';",
      "import { z } from 'zod';",
    ].join('\n');
    expect(await layerErrors('src/watch/fixture.ts', allowed)).toEqual([]);
    expect(await layerErrors('src/watch/fixture.test.ts', "import '../app/runtime.ts';")).toEqual([]);
  });

  it('is what the repository lints with: the real files pass', async () => {
    const sample = ['src/watch/check-page.ts', 'src/incidents/incident-store.ts', 'src/app/runtime.ts'];
    for (const file of sample) {
      const code = readFileSync(join(root, file), 'utf8');
      expect(await layerErrors(file, code), file).toEqual([]);
    }
  });
});
