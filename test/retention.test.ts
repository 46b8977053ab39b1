import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoEstate } from '../src/demo/estate.ts';
import { startEstateServer, type EstateServer } from '../src/demo/estate-server.ts';
import { openRuntime, type Runtime } from '../src/app/runtime.ts';
import { createWatch, type Watch } from '../src/app/watch.ts';
import { addTarget } from '../src/estate/add-target.ts';
import type { Clock } from '../src/pipeline/clock.ts';
import { silentLog, tempDir, testConfig } from './helpers.ts';

describe('retention', () => {
  let server: EstateServer;
  let tmp: ReturnType<typeof tempDir>;
  let runtime: Runtime;
  let watch: Watch;
  let offset = 0;
  const clock: Clock = { now: () => Date.now() + offset, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

  beforeAll(async () => {
    server = await startEstateServer(createDemoEstate());
    tmp = tempDir();
    runtime = await openRuntime(testConfig(tmp.dir, { retention: { checksPerPage: 2, bodiesPerPage: 1 } }), silentLog, {
      clock,
    });
    watch = await createWatch(runtime);
  });

  afterAll(async () => {
    await watch.queue.close();
    await runtime.close();
    await server.close();
    tmp.remove();
  });

  it('prunes old checks and bodies, keeping a freed body for a grace period before deleting it', async () => {
    const added = await addTarget(
      runtime.store,
      { url: server.urlFor('moj', '/'), organisation: 'moj', source: 'declared' },
      clock.now(),
    );
    if (!added.ok) throw new Error(added.message);
    const shas: string[] = [];
    for (let tick = 0; tick < 3; tick++) {
      server.setState({ tick }); // the home page's counter changes every tick: a new body each time
      const event = await runtime.checks.checkPage(added.page.id);
      shas.push(event!.check.bodySha256!);
    }
    expect(new Set(shas).size).toBe(3);

    const first = await watch.service.applyRetention();
    expect(first).toEqual({ deletedChecks: 1, deletedBlobs: 0 }); // freed, but used within the grace period
    const checks = await runtime.store.listChecks(added.page.id, { limit: 10 });
    expect(checks.map((c) => c.bodyKept)).toEqual([true, false]);
    expect(await runtime.blobs.has(shas[0]!)).toBe(true);

    offset = 2 * 60 * 60 * 1000; // two hours later
    server.setState({ tick: 3 });
    await runtime.checks.checkPage(added.page.id);
    const second = await watch.service.applyRetention();
    expect(second.deletedBlobs).toBeGreaterThanOrEqual(1);
    expect(await runtime.blobs.has(shas[1]!)).toBe(false);
    // The newest body is kept: it is the page's current evidence.
    const latest = await runtime.store.listChecks(added.page.id, { limit: 1 });
    expect(await runtime.blobs.get(latest[0]!.bodySha256!)).not.toBeNull();
  });
});
