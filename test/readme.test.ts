import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderConfigTable } from '../src/config/docs.ts';
import { section } from '../scripts/readme-sections.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const docs = readdirSync(join(root, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => join('docs', f));

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  for (const line of markdown.split('\n')) {
    const m = /^#{1,6} (.*)$/.exec(line);
    if (!m) continue;
    out.add(
      m[1]!
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    );
  }
  return out;
}

/** Relative links of a markdown file that point nowhere (missing file or missing heading). */
function brokenLinks(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  const broken: string[] = [];
  for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = m[1]!;
    if (/^[a-z]+:/i.test(target)) continue;
    const [path, hash] = target.split('#') as [string, string | undefined];
    const full = path === '' ? join(root, file) : resolve(dirname(join(root, file)), path);
    if (!existsSync(full)) broken.push(target);
    else if (hash && full.endsWith('.md') && !anchors(readFileSync(full, 'utf8')).has(hash)) broken.push(target);
  }
  return broken;
}

describe('README and docs/', () => {
  it('shows the configuration table generated from the schema (run `npm run docs` after changing a key)', () => {
    const reference = readFileSync(join(root, 'docs/configuration.md'), 'utf8');
    expect(section(reference, 'config-table')).toBe(renderConfigTable().trim());
  });

  it('starts with the two commands: run, then test', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(firstBlock).toMatch(/^npm ci && npm start/m);
    expect(firstBlock).toMatch(/^npm test/m);
  });

  it('keeps the README short enough to finish (250 lines at most)', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(250);
  });

  it.each(['README.md', ...docs])('%s: every relative link resolves to a file and heading', (file) => {
    expect(brokenLinks(file)).toEqual([]);
  });

  it('links every topic in docs/ from the README', () => {
    const linked = docs.filter((d) => readme.includes(`](${d})`));
    expect(docs.filter((d) => !linked.includes(d))).toEqual([]);
  });
});
