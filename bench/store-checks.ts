/**
 * The store's part of an unchanged check, alone: read the page head and record an unchanged check
 * (same body each pass) in group commits of 8, as the watch does, over N pages and P passes; prints the
 * median CPU per check over the passes after the first (which writes each page's first row) and the
 * database's size after. Each page first learns a baseline of `--baseline-bytes` (default 5,000, about
 * what the watch's pages learn; 0 for none), as a watched page has one. `--tree DIR` measures another
 * checkout's compiled build (`npm run build` in it), so the code before a change and after it run the
 * same script:
 *   npx tsx bench/store-checks.ts --tree ../wt-base --pages 2000 --passes 20
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as OpenStoreModule from '../src/store/open-store.ts';
import type { Baseline } from '../src/core/baseline.ts';
import type { NewCheck } from '../src/store/types.ts';
import { numberFlag } from './lib/args.ts';

const argv = process.argv.slice(2);
const tree = resolve(argv.includes('--tree') ? argv[argv.indexOf('--tree') + 1]! : '.');
const pages = numberFlag(argv, 'pages', 2000);
const passes = numberFlag(argv, 'passes', 20);
const GROUP = 8;
const baselineBytes = numberFlag(argv, 'baseline-bytes', 5000);

const modulePath = pathToFileURL(join(tree, 'dist/src/store/open-store.js')).href;
const { openStore } = (await import(modulePath)) as typeof OpenStoreModule;
const dir = mkdtempSync(join(tmpdir(), 'mamori-store-checks-'));
const store = await openStore({ url: `sqlite:${join(dir, 'bench.db')}` });
await store.migrate();
const T0 = Date.UTC(2026, 11, 7, 13, 0, 0);
const org = await store.upsertOrganisation({ slug: 'bench', name: 'Bench' }, T0);
const site = await store.upsertSite({ organisationId: org.id, origin: 'https://a.example.go.jp', name: 'A' }, T0);
const ids: number[] = [];
for (let i = 0; i < pages; i++) {
  const added = await store.addPage({ siteId: site.id, url: `https://a.example.go.jp/p${i}`, source: 'declared' }, T0);
  ids.push(added.page.id);
}
const sha = (i: number) => i.toString(16).padStart(64, '0');
const check = (pageId: number, i: number, at: number): NewCheck => ({
  pageId,
  startedAt: at,
  durationMs: 3,
  outcome: 'ok',
  httpStatus: 200,
  redirects: [],
  headers: { 'content-type': 'text/html; charset=utf-8', etag: '"abc"', server: 'nginx' },
  bodyBytes: 50_000,
  bodySha256: sha(i),
  bodyKept: true,
  charset: 'utf-8',
  remoteAddress: '127.0.0.1',
  verdict: 'unchanged',
  reasons: [],
});

if (baselineBytes > 0) {
  // The store serialises the baseline as it is: its facts and a filler of the size asked for.
  const baseline = { samples: 3, soft404Streak: 0, titles: ['Bench'], filler: 'x'.repeat(baselineBytes) };
  for (let i = 0; i < ids.length; i += GROUP) {
    await store.recordChecks(
      ids.slice(i, i + GROUP).map((id, n) => ({
        check: { ...check(id, i + n, T0 - 1000), verdict: 'changed' as const },
        update: { status: 'unchanged' as const, lastBodySha256: sha(i + n), baseline: baseline as unknown as Baseline },
      })),
    );
  }
}

const perCheck: number[] = [];
for (let pass = 0; pass <= passes; pass++) {
  // One pass a second apart: all within one hour, as checks of a busy estate are.
  const at = T0 + pass * 1000;
  const start = process.cpuUsage();
  for (let i = 0; i < ids.length; i += GROUP) {
    const group = ids.slice(i, i + GROUP);
    await Promise.all(group.map((id) => store.getPageHead(id)));
    await store.recordChecks(
      group.map((id, n) => ({
        check: check(id, i + n, at),
        update: { status: 'unchanged' as const, lastBodySha256: sha(i + n) },
      })),
    );
  }
  const used = process.cpuUsage(start);
  if (pass > 0) perCheck.push((used.user + used.system) / 1000 / ids.length);
}
await store.close();
const bytes = (name: string) => (existsSync(join(dir, name)) ? statSync(join(dir, name)).size : 0);
const dbBytes = bytes('bench.db') + bytes('bench.db-wal');
rmSync(dir, { recursive: true, force: true });
perCheck.sort((a, b) => a - b);
const median = perCheck[Math.floor(perCheck.length / 2)] ?? 0;
console.log(`store-checks  ${tree}: ${pages} pages, ${passes} passes, baselines of ${baselineBytes} bytes`);
console.log(`  CPU ms per unchanged check (median)  ${median.toFixed(4)}`);
console.log(`  database after                       ${(dbBytes / 1e6).toFixed(1)} MB`);
console.log(
  JSON.stringify({ bench: 'store-checks', tree, pages, passes, baselineBytes, cpuMsPerCheck: median, dbBytes }),
);
