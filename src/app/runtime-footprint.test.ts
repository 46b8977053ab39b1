import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const CHILD = fileURLToPath(new URL('./runtime-footprint-child.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

describe('the runtime on SQLite, with the in-process queue and rendering off', () => {
  // Each of these drivers costs 14-80 MB of RSS once loaded (docs/benchmarks.md, bench:watch): a
  // process that never uses them must not pay for them. A fresh process, so nothing else loaded them.
  it('checks a page without loading Playwright, the PostgreSQL driver or the Redis clients', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', TSX, CHILD], { timeout: 120_000 });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { verdict: string; loaded: string[] };
    expect(result.verdict).toEqual(expect.any(String));
    expect(result.loaded).toEqual([]);
  }, 150_000);
});
