import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
const exampleFile = join(repoRoot, 'mamori.yaml');

/** The commented-out example estate, uncommented exactly as the file tells a newcomer to do. */
function exampleEstate(): string {
  const lines = readFileSync(exampleFile, 'utf8').split('\n');
  const start = lines.findIndex((line) => line.includes('BEGIN EXAMPLE ESTATE'));
  const end = lines.findIndex((line) => line.includes('END EXAMPLE ESTATE'));
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  return lines
    .slice(start + 1, end)
    .map((line) => line.replace(/^(\s*)# ?/, '$1'))
    .join('\n');
}

describe('the shipped mamori.yaml', () => {
  it('validates and watches nothing until targets are added', () => {
    const result = loadConfig({ file: exampleFile, env: {}, cwd: repoRoot });
    if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
    expect(result.warnings).toEqual([]);
    expect(result.config.estate.organisations).toEqual([]);
    expect(result.config.dataDir).toBe(join(repoRoot, 'data'));
  });

  it('has a commented example estate that validates once uncommented', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-example-'));
    const file = join(dir, 'mamori.yaml');
    writeFileSync(file, `estate:\n${exampleEstate()}\n`);
    const result = loadConfig({ file, env: {}, cwd: dir });
    rmSync(dir, { recursive: true, force: true });
    if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
    const orgs = result.config.estate.organisations;
    expect(orgs.map((o) => o.slug)).toEqual(['ministry-of-regional-resilience', 'sakura-district-court']);
    expect(
      orgs
        .flatMap((o) => o.sites)
        .every((s) => s.pages.every((p) => new URL(p.url).hostname.endsWith('.example.go.jp'))),
    ).toBe(true);
  });
});
