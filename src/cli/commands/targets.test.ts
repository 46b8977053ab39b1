/** `mamori targets` end to end on SQLite, and what the watch makes of a paused or removed page. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TargetControl } from '../../estate/target-control.ts';
import { InProcessQueue } from '../../queue/in-process-queue.ts';
import { FsBlobStore } from '../../store/blob-store.ts';
import { openStoreWithHandle } from '../../store/open-store.ts';
import { makeTempDir, type TempDir } from '../../store/test-support.ts';
import { Scheduler, type CheckJob } from '../../watch/scheduler.ts';
import { WatchService } from '../../watch/watch-service.ts';
import { runMamori } from '../run-in-memory.ts';

describe('mamori targets', () => {
  let dir: TempDir;
  let configFile: string;
  let pageIds: number[];
  const url = (i: number): string => `https://www.city.example.go.jp/page-${i}/`;
  const mamori = (...args: string[]) => runMamori('-c', configFile, 'targets', ...args);
  const open = () => openStoreWithHandle({ url: `sqlite:${join(dir.path, 'm.db')}` });

  beforeEach(async () => {
    dir = await makeTempDir('mamori-targets-cli-');
    configFile = join(dir.path, 'mamori.yaml');
    await writeFile(configFile, 'database: { url: "sqlite:./m.db" }\nlog: { level: silent }\n');
    const { store } = await open();
    await store.migrate();
    const org = await store.upsertOrganisation({ slug: 'city', name: 'City' }, 1);
    const site = await store.upsertSite(
      { organisationId: org.id, origin: 'https://www.city.example.go.jp', name: 'city' },
      1,
    );
    pageIds = [];
    for (const i of [1, 2, 3])
      pageIds.push((await store.addPage({ siteId: site.id, url: url(i), source: 'imported' }, 1)).page.id);
    await store.close();
  });
  afterEach(async () => dir.remove());

  it('pauses by URL, resumes by id, removes, and the watch schedules only what is left', async () => {
    expect(await mamori('pause', url(1))).toMatchObject({ code: 0 });
    expect(await mamori('remove', String(pageIds[2]))).toMatchObject({ code: 0 });
    const { store, handle } = await open();
    try {
      const control = new TargetControl(handle);
      expect(await control.pausedIds()).toEqual(new Set([pageIds[0]]));
      expect(await store.getPage(pageIds[2]!)).toBeNull();
      const queue = new InProcessQueue<CheckJob>({ retry: { maxAttempts: 1, backoffMs: 1 } });
      const clock = { now: () => 1_000, sleep: () => Promise.resolve() };
      const scheduler = new Scheduler(
        queue,
        clock,
        { jitterRatio: 0, tickMs: 1000, maxBacklog: 100, firstCheckSpreadMs: 0 },
        () => 0,
      );
      const service = new WatchService({
        store,
        blobs: new FsBlobStore(join(dir.path, 'blobs')),
        queue,
        scheduler,
        log: pino({ level: 'silent' }),
        handler: () => Promise.resolve(),
        defaultIntervalSeconds: 60,
        concurrency: 1,
        retention: { checksPerPage: 10, bodiesPerPage: 5 },
        refreshMs: 60_000,
        now: clock.now,
        pausedIds: () => control.pausedIds(),
      });
      await service.refresh();
      expect(scheduler.stats().pages).toBe(1);
      // Resumed from the command line while the watch runs: its next refresh schedules it again; a
      // pause made elsewhere takes the page off at the next refresh too.
      expect(await mamori('resume', String(pageIds[0]))).toMatchObject({
        code: 0,
        out: expect.stringContaining('resumed') as string,
      });
      await service.refresh();
      expect(scheduler.stats().pages).toBe(2);
      await control.pause(pageIds[1]!, 2, 'api');
      await service.refresh();
      expect(scheduler.stats().pages).toBe(1);
      await queue.close();
    } finally {
      await store.close();
    }
  });

  it('says so for an unknown page or action', async () => {
    expect(await mamori('pause', 'https://nowhere.example/')).toMatchObject({ code: 1 });
    expect(await mamori('freeze', '1')).toMatchObject({ code: 2 });
  });
});
