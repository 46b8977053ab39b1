import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../store/test-support.ts';
import { tarDirectory } from './tar.ts';

describe('tarDirectory', () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await makeTempDir('mamori-tar-');
  });
  afterEach(async () => dir.remove());

  it('writes an archive the system tar lists and extracts byte for byte', async () => {
    const src = join(dir.path, 'bundle');
    mkdirSync(join(src, 'warc'), { recursive: true });
    writeFileSync(join(src, 'report.md'), '# 証拠\n');
    const big = Buffer.alloc(1300, 7);
    writeFileSync(join(src, 'warc', `${'x'.repeat(90)}.warc.gz`), big);
    const archive = join(dir.path, 'b.tar');
    writeFileSync(archive, await tarDirectory(src, 'incident-7'));
    const listed = execFileSync('tar', ['-tf', archive], { encoding: 'utf8' }).trim().split('\n');
    expect(listed).toEqual(['incident-7/report.md', `incident-7/warc/${'x'.repeat(90)}.warc.gz`]);
    const out = join(dir.path, 'out');
    mkdirSync(out);
    execFileSync('tar', ['-xf', archive, '-C', out]);
    expect(readFileSync(join(out, 'incident-7', 'report.md'), 'utf8')).toBe('# 証拠\n');
    expect(readFileSync(join(out, 'incident-7', 'warc', `${'x'.repeat(90)}.warc.gz`)).equals(big)).toBe(true);
  });
});
