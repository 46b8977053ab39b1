/**
 * The check writer's groups: a check is acknowledged only once its group committed, a group waits
 * for the checks still running (up to a bound), and a process killed mid-group loses no acknowledged
 * check.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { T0, newCheck, seedSite } from '../store/estate-fixtures.ts';
import { openStore } from '../store/open-store.ts';
import { ackedLinesUntilKilled } from '../store/test-killed-child.ts';
import { makeTempDir, type TempDir } from '../store/test-support.ts';
import type { Check, CheckRecord, EstateStore } from '../store/types.ts';
import { CheckWriter } from './check-writer.ts';

/**
 * A real SQLite store whose group commits wait until the test lets them through: each group the
 * writer hands over is held, then written by the store itself (`commit`), so what a test sees
 * acknowledged is what the store really committed.
 */
async function heldStore(dir: TempDir, pageCount: number) {
  const real = await openStore({ url: `sqlite:${join(dir.path, 'held.db')}` });
  await real.migrate();
  const site = await seedSite(real);
  const pages: number[] = [];
  for (let i = 0; i < pageCount; i++)
    pages.push((await real.addPage({ siteId: site.id, url: `${site.origin}/p${i}`, source: 'declared' }, T0)).page.id);
  const groups: { records: readonly CheckRecord[]; commit: () => void }[] = [];
  const held: Pick<EstateStore, 'recordChecks'> = {
    recordChecks: (records) =>
      new Promise<Check[]>((resolve, reject) => {
        groups.push({ records, commit: () => void real.recordChecks(records).then(resolve, reject) });
      }),
  };
  // The writer calls `recordChecks` alone; the rest of the store is the real one.
  const store = new Proxy(real, {
    get(target, key): unknown {
      if (key === 'recordChecks') return held.recordChecks;
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store, groups, pages, close: () => real.close() };
}

const record = (pageId: number): CheckRecord => ({
  check: newCheck(pageId),
  update: { status: 'unchanged', lastBodySha256: null },
});

describe('CheckWriter groups', () => {
  let dir: TempDir;
  let rig: Awaited<ReturnType<typeof heldStore>>;
  beforeEach(async () => {
    dir = await makeTempDir();
    rig = await heldStore(dir, 5);
  });
  afterEach(async () => {
    vi.useRealTimers();
    await rig.close();
    await dir.remove();
  });

  it('acknowledges a check only once its group has committed', async () => {
    const { store, groups, pages } = rig;
    const writer = new CheckWriter(store);
    let acknowledged = false;
    const written = writer
      .reserve()
      .write(record(pages[0]!))
      .then(() => {
        acknowledged = true;
      });
    // Alone, the check is written at once, but not acknowledged before the commit.
    expect(groups).toHaveLength(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(acknowledged).toBe(false);
    groups[0]!.commit();
    await written;
    expect(acknowledged).toBe(true);
    expect(await store.listChecks(pages[0]!, { limit: 10 })).toHaveLength(1);
  });

  it('waits for running checks until as many wait as run, and not for checks that end without a write', async () => {
    const { store, groups, pages: ids } = rig;
    const writer = new CheckWriter(store);
    const slots = Array.from({ length: 5 }, () => writer.reserve());
    // Page ids as 1..4 in the order the test writes them, whatever ids the store gave.
    const pages = () => groups.map((g) => g.records.map((r) => ids.indexOf(r.check.pageId) + 1));
    const record = (n: number): CheckRecord => ({
      check: newCheck(ids[n - 1]!),
      update: { status: 'unchanged', lastBodySha256: null },
    });
    const first = slots[0]!.write(record(1));
    const second = slots[1]!.write(record(2));
    // Two wait, three still run: the group waits for them.
    expect(groups).toHaveLength(0);
    // One ends without a write: two wait, two run, and the group is committed.
    slots[4]!.release();
    expect(pages()).toEqual([[1, 2]]);
    const third = slots[2]!.write(record(3));
    // One waits, one runs.
    expect(pages()).toEqual([[1, 2], [3]]);
    const fourth = slots[3]!.write(record(4));
    expect(pages()).toEqual([[1, 2], [3], [4]]);
    for (const g of groups) g.commit();
    expect((await Promise.all([first, second, third, fourth])).map((c) => c.pageId)).toEqual(ids.slice(0, 4));
    // A slot used twice is a bug in the caller.
    expect(() => slots[0]!.write(record(1))).toThrow(/already/);
    slots[0]!.release();
  });

  it('commits a waiting group after its longest wait, and fails every check of a group that fails', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { store, groups, pages } = rig;
    const writer = new CheckWriter(store, { maxWaitMs: 10 });
    const slots = Array.from({ length: 6 }, () => writer.reserve());
    // The second check names a page the store does not hold: the store refuses the whole group.
    const written = [slots[0]!.write(record(pages[0]!)), slots[1]!.write(record(-1))].map((p) =>
      p.then(
        () => 'ok',
        (error: Error) => error.message,
      ),
    );
    vi.advanceTimersByTime(9);
    expect(groups).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(groups).toHaveLength(1);
    groups[0]!.commit();
    const [a, b] = await Promise.all(written);
    expect(a).not.toBe('ok');
    expect(a).toBe(b);
    expect(await store.listChecks(pages[0]!, { limit: 10 })).toEqual([]);
    for (const slot of slots.slice(2)) slot.release();
  });
});

const CHILD = fileURLToPath(new URL('./test-writer-child.ts', import.meta.url));

describe('CheckWriter and a killed process', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('loses no acknowledged check when the process is killed in the middle of groups', async () => {
    const file = join(dir.path, 'kill.db');
    // Killed while groups are in flight: some checks wait in a group, one group is being committed.
    const acked: { pageId: number; at: number }[] = [];
    // The child's first line is 'ready', hence one line more than the acknowledgements wanted.
    for (const line of await ackedLinesUntilKilled(CHILD, [file, '40'], 401)) {
      const [pageId, at] = line.split(' ').map(Number);
      if (at !== undefined) acked.push({ pageId: pageId!, at });
    }
    expect(acked.length).toBeGreaterThanOrEqual(400);
    const store = await openStore({ url: `sqlite:${file}` });
    try {
      const rows = new Map<number, Check[]>();
      for (const pageId of new Set(acked.map((a) => a.pageId)))
        rows.set(pageId, await store.listChecks(pageId, { limit: 1000 }));
      // Every acknowledged check is counted in a row of its page that spans its time.
      const lost = acked.filter(
        ({ pageId, at }) => !rows.get(pageId)!.some((r) => r.startedAt <= at && at <= (r.lastSeenAt ?? r.startedAt)),
      );
      expect(lost).toEqual([]);
      // Repeats extended their page's row: the run-length record held under the groups too.
      const counted = [...rows.values()].flat().reduce((n, r) => n + r.seenCount, 0);
      expect(counted).toBeGreaterThanOrEqual(acked.length);
      expect([...rows.values()].flat().length).toBeLessThan(acked.length);
    } finally {
      await store.close();
    }
  }, 60_000);
});
