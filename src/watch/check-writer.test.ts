/**
 * The check writer's groups: a check is acknowledged only once its group committed, a group waits
 * for the checks still running (up to a bound), and a process killed mid-group loses no acknowledged
 * check.
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { newCheck } from '../store/estate-fixtures.ts';
import { openStore } from '../store/open-store.ts';
import { makeTempDir } from '../store/test-support.ts';
import type { Check, CheckRecord, EstateStore } from '../store/types.ts';
import { CheckWriter } from './check-writer.ts';

/** A store whose group commits are held until the test lets them finish. */
function heldStore() {
  const groups: { records: readonly CheckRecord[]; commit: () => void; fail: (error: Error) => void }[] = [];
  const store = {
    recordChecks: (records: readonly CheckRecord[]) =>
      new Promise<Check[]>((resolve, reject) => {
        groups.push({
          records,
          commit: () => resolve(records.map((r, n) => ({ ...r.check, id: n + 1, seenCount: 1, lastSeenAt: null }))),
          fail: reject,
        });
      }),
  } as unknown as EstateStore;
  return { store, groups };
}

const record = (pageId: number): CheckRecord => ({
  check: newCheck(pageId),
  update: { status: 'unchanged', lastBodySha256: null },
});

describe('CheckWriter groups', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('acknowledges a check only once its group has committed', async () => {
    const { store, groups } = heldStore();
    const writer = new CheckWriter(store);
    let acknowledged = false;
    const written = writer
      .reserve()
      .write(record(1))
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
  });

  it('waits for running checks until as many wait as run, and not for checks that end without a write', async () => {
    const { store, groups } = heldStore();
    const writer = new CheckWriter(store);
    const slots = Array.from({ length: 5 }, () => writer.reserve());
    const pages = () => groups.map((g) => g.records.map((r) => r.check.pageId));
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
    expect((await Promise.all([first, second, third, fourth])).map((c) => c.pageId)).toEqual([1, 2, 3, 4]);
    // A slot used twice is a bug in the caller.
    expect(() => slots[0]!.write(record(1))).toThrow(/already/);
    slots[0]!.release();
  });

  it('commits a waiting group after its longest wait, and fails every check of a group that fails', async () => {
    vi.useFakeTimers();
    const { store, groups } = heldStore();
    const writer = new CheckWriter(store, { maxWaitMs: 10 });
    const slots = Array.from({ length: 6 }, () => writer.reserve());
    const written = [slots[0]!.write(record(1)), slots[1]!.write(record(2))].map((p) =>
      p.then(
        () => 'ok',
        (error: Error) => error.message,
      ),
    );
    vi.advanceTimersByTime(9);
    expect(groups).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(groups).toHaveLength(1);
    groups[0]!.fail(new Error('disk full'));
    expect(await Promise.all(written)).toEqual(['disk full', 'disk full']);
    for (const slot of slots.slice(2)) slot.release();
  });
});

const CHILD = fileURLToPath(new URL('./test-writer-child.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

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
    const child = fork(CHILD, [file, '40'], {
      execArgv: ['--import', TSX],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    const acked: { pageId: number; at: number }[] = [];
    let buffered = '';
    await new Promise<void>((resolve, reject) => {
      child.on('exit', () => resolve());
      child.on('error', reject);
      child.stdout?.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          const [pageId, at] = line.split(' ').map(Number);
          if (at !== undefined) acked.push({ pageId: pageId!, at });
        }
        // Killed while groups are in flight: some checks wait in a group, one group is being committed.
        if (acked.length >= 400) child.kill('SIGKILL');
      });
    });
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
