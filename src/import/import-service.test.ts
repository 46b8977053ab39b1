import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFetcher } from '../fetch/undici-fetcher.ts';
import { LOOPBACK_OK, TEST_LIMITS, TEST_UA } from '../fetch/test-servers.ts';
import type { Fetcher } from '../fetch/types.ts';
import { openStoreWithHandle } from '../store/open-store.ts';
import { makeTempDir } from '../store/test-support.ts';
import type { EstateStore } from '../store/types.ts';
import { importTargets } from './import-service.ts';

describe('importTargets', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let store: EstateStore;
  let fetcher: Fetcher;
  beforeEach(async () => {
    dir = await makeTempDir();
    store = (await openStoreWithHandle({ url: `sqlite:${join(dir.path, 'i.db')}` })).store;
    await store.migrate();
    fetcher = createFetcher({ limits: TEST_LIMITS, policy: LOOPBACK_OK, userAgent: TEST_UA });
  });
  afterEach(async () => {
    await fetcher.close();
    await store.close();
    await dir.remove();
  });

  it('adds at most maxTargets pages from a file, refuses credentials, and says what it skipped', async () => {
    const path = join(dir.path, 'list.txt');
    const urls = Array.from({ length: 12 }, (_, i) => `https://www.example.go.jp/p${i}`);
    await writeFile(path, ['https://bob:very-secret@www.example.go.jp/private', ...urls].join('\n'));
    const outcome = await importTargets({ store, fetcher, now: () => 1 }, path, { maxTargets: 5 });
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.report.added).toBe(5);
    expect(outcome.report.problems.map((p) => p.message)).toEqual([
      expect.stringContaining('user name or password') as string,
      expect.stringContaining('import.maxTargets') as string,
    ]);
    expect(JSON.stringify(outcome.report)).not.toContain('very-secret');
    expect((await store.listPages({ limit: 100 })).items.map((p) => p.url)).toEqual(urls.slice(0, 5));
  });

  it('fails plainly on a missing file, and on a source URL with credentials', async () => {
    const outcome = await importTargets({ store, fetcher, now: () => 1 }, join(dir.path, 'nope.txt'), {});
    expect(outcome).toEqual({ ok: false, message: expect.stringContaining('no such file') as string });
    const withCredentials = await importTargets(
      { store, fetcher, now: () => 1 },
      'http://u:top-secret@127.0.0.1:9/sitemap.xml',
      {},
    );
    expect(withCredentials).toEqual({ ok: false, message: expect.stringContaining('user name or password') as string });
    expect(JSON.stringify(withCredentials)).not.toContain('top-secret');
  });
});
