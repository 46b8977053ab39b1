/**
 * Test support (run as a child process by runtime-footprint.test.ts, never imported by the
 * application): loads the CLI's commands, opens the runtime and the watch as `serve` does on SQLite
 * with the in-process queue and rendering off, runs one check, and prints which optional drivers the
 * process has loaded by then.
 */
import { createRequire } from 'node:module';
import { openRuntime } from './runtime.ts';
import { createWatch } from './watch.ts';
import { startHttpServer } from '../fetch/test-servers.ts';
import { addTarget } from '../estate/add-target.ts';
import { silentLog, tempDir, testConfig } from '../../test/helpers.ts';

/** Drivers only some configurations need: Chromium's, PostgreSQL's and Redis's. */
const OPTIONAL = ['playwright-core', 'pg', 'ioredis', 'bullmq'];

const site = await startHttpServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end('<html><head><title>Notice</title></head><body><p>Opening hours.</p></body></html>');
});
// Every command's module, `serve` among them: loading them must not load a driver either.
await import('../cli/main.ts');
const tmp = tempDir('mamori-footprint-');
const runtime = await openRuntime(testConfig(tmp.dir, { render: { enabled: false } }), silentLog);
const watch = await createWatch(runtime);
const added = await addTarget(
  runtime.store,
  { url: `${site.origin}/`, organisation: 'o', source: 'imported' },
  Date.now(),
);
if (!added.ok) throw new Error('the target was not added');
const event = await runtime.checks.checkPage(added.page.id);
const loaded = new Set<string>();
for (const file of Object.keys(createRequire(import.meta.url).cache)) {
  const name = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1];
  if (name && OPTIONAL.includes(name)) loaded.add(name);
}
process.stdout.write(`${JSON.stringify({ verdict: event?.check.verdict ?? null, loaded: [...loaded].sort() })}\n`);
await watch.queue.close();
await runtime.close();
await site.close();
tmp.remove();
