/**
 * A worker killed mid-check (SIGKILL, a real child process) on a real Redis: its job is re-run by
 * another worker once the stall is noticed, the page is checked once for that slot, and the next
 * slot's job, coming soon after the late re-run, does not check it a second time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type http from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLog, tempDir, testConfig } from '../../test/helpers.ts';
import { startHttpServer, type TestServer } from '../fetch/test-servers.ts';
import { BullMqQueue } from '../queue/bullmq-queue.ts';
import { DEFAULT_TEST_REDIS_URL, probeRedis, removeTestQueue, uniqueQueueName } from '../queue/test-support.ts';
import { openStore } from '../store/open-store.ts';
import type { CheckJob } from '../watch/scheduler.ts';
import { startWorker, type RunningWorker } from './mamori.ts';
import { TEST_STALL_POLICY } from './stalled-check-support.ts';

const REDIS_URL = process.env.MAMORI_TEST_REDIS_URL ?? DEFAULT_TEST_REDIS_URL;
const redisProblem = await probeRedis(REDIS_URL);
const CHILD = fileURLToPath(new URL('./stalled-check-child.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const INTERVAL_MS = 40_000;

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(redisProblem !== null && !process.env.CI)('a check job whose worker dies mid-check', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('is re-run once, and the next slot right after does not check the page again', async () => {
    // The first request hangs (the check in flight when the worker is killed); later ones answer.
    const held: http.ServerResponse[] = [];
    let requests = 0;
    const site: TestServer = await startHttpServer((_req, res) => {
      requests += 1;
      if (requests === 1) return void held.push(res);
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end('<html><head><title>Notice</title></head><body><p>Opening hours.</p></body></html>');
    });
    cleanups.push(() => site.close());
    const tmp = tempDir('mamori-stalled-');
    cleanups.push(() => tmp.remove());
    const config = testConfig(tmp.dir, {
      queue: { backend: 'bullmq', redisUrl: REDIS_URL },
      render: { enabled: false },
      evidence: { enabled: false },
    });
    const store = await openStore({ url: config.database.url });
    cleanups.push(() => store.close());
    await store.migrate();
    const org = await store.upsertOrganisation({ slug: 'city', name: 'City' }, 1);
    const siteRow = await store.upsertSite({ organisationId: org.id, origin: site.origin, name: 'city' }, 1);
    const { page } = await store.addPage({ siteId: siteRow.id, url: `${site.origin}/`, source: 'declared' }, 1);

    const name = uniqueQueueName();
    cleanups.push(() => removeTestQueue(REDIS_URL, name, name));
    const producer = new BullMqQueue<CheckJob>({
      redisUrl: REDIS_URL,
      queueName: name,
      prefix: name,
      retry: { maxAttempts: 3, backoffMs: 500 },
    });
    cleanups.push(() => producer.close());

    const child: ChildProcess = spawn(process.execPath, ['--import', TSX, CHILD, tmp.dir, REDIS_URL, name], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    cleanups.push(() => void (child.exitCode === null && child.kill('SIGKILL')));
    let childOut = '';
    child.stdout?.on('data', (chunk: Buffer) => (childOut += chunk.toString()));
    await waitFor('the child worker', () => childOut.includes('ready'), 30_000);

    const slot: CheckJob = { pageId: page.id, trigger: 'schedule', intervalMs: INTERVAL_MS };
    expect(await producer.enqueue(`check:${page.id}`, slot)).toBe(true);
    await waitFor('the child to start the check', () => requests === 1, 15_000);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    const worker: RunningWorker = await startWorker(config, silentLog, {
      queue: { name, prefix: name, stall: TEST_STALL_POLICY },
    });
    cleanups.push(() => worker.stop());
    await waitFor('the re-run check', async () => (await store.getPage(page.id))?.lastCheckedAt != null, 30_000);
    // The scheduler's next slot, which a late re-run lands close to: it must not check again.
    await waitFor('the next slot to be accepted', () => producer.enqueue(`check:${page.id}`, slot), 15_000);
    await waitFor('both jobs done', async () => (await producer.stats()).completed >= 2, 15_000);
    await new Promise((r) => setTimeout(r, 500));

    expect(await store.listChecks(page.id, { limit: 10 })).toHaveLength(1);
    expect(requests).toBe(2);
    expect((await producer.stats()).failed).toBe(0);
  }, 120_000);
});
