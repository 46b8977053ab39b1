/**
 * The ledger store on SQLite (a temp file) and a real PostgreSQL (a fresh schema per test).
 * PostgreSQL is required when CI is set.
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../store/database.ts';
import { runMigrations } from '../store/migrator.ts';
import { onBothDatabases, testEnv, type TestDatabase } from '../store/both-databases.ts';
import { checkLink } from './chain.ts';
import { EvidenceStore } from './evidence-store.ts';
import type { EvidenceTables } from './tables.ts';
import { withTables } from '../store/tables.ts';
import type { LedgerEntry, NewLedgerEntry } from './types.ts';

interface Fixture {
  handle: DatabaseHandle;
  /** Arguments that let a child process open the same database. */
  childArgs: [string, string];
  /** Open another handle on the same database (a second pool or connection). */
  reopen(): DatabaseHandle;
  cleanup(): Promise<void>;
}

const T0 = 1_760_000_000_000;
const SHA = (n: number): string => n.toString(16).padStart(64, '0');

function capture(n: number, overrides: Partial<NewLedgerEntry> = {}): NewLedgerEntry {
  return {
    kind: 'capture',
    recordedAt: T0 + n,
    pageId: 5,
    checkId: n,
    url: 'https://www.example.go.jp/news/',
    observedAt: T0 + n * 1000,
    refersToSeq: null,
    evidenceSha256: SHA(n),
    details: { n, text: '改ざん "quoted" <b>' },
    ...overrides,
  };
}

function expectIntactChain(entries: LedgerEntry[]): void {
  let previous: LedgerEntry | null = null;
  for (const entry of entries) {
    expect(checkLink(previous, entry)).toEqual([]);
    previous = entry;
  }
}

const CHILD = fileURLToPath(new URL('./test-append-child.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

function runChild(args: [string, string], count: number, tag: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [...args, String(count), tag], { execArgv: ['--import', TSX], stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`appender ${tag} exited with ${code}`))));
  });
}

function runSuite(name: string, makeFixture: () => Promise<Fixture>): void {
  describe(`EvidenceStore: ${name}`, () => {
    let fx: Fixture;
    let store: EvidenceStore;
    beforeEach(async () => {
      fx = await makeFixture();
      await runMigrations(fx.handle);
      store = new EvidenceStore(fx.handle);
    });
    afterEach(async () => fx.cleanup());

    it('appends entries that chain from the genesis hash, details as canonical JSON', async () => {
      const a = await store.append(capture(1), [
        { role: 'warc', sha256: SHA(1), bytes: 10, mediaType: 'application/warc', label: 'w' },
      ]);
      const b = await store.append(capture(2));
      expect(a.seq).toBe(1);
      expect(b.prevHash).toBe(a.entryHash);
      expect(b.details).toBe('{"n":2,"text":"改ざん \\"quoted\\" <b>"}');
      expect(await store.head()).toEqual(b);
      expect(await store.entries(0, 10)).toEqual([a, b]);
      expect(await store.entry(1)).toEqual(a);
      expectIntactChain(await store.entries(0, 10));
    });

    it('never forks the chain when several processes append at once', async () => {
      await Promise.all([
        runChild(fx.childArgs, 15, 'a'),
        runChild(fx.childArgs, 15, 'b'),
        runChild(fx.childArgs, 15, 'c'),
      ]);
      const entries = await store.entries(0, 100);
      expect(entries).toHaveLength(45);
      expectIntactChain(entries);
    }, 60_000);

    it('never forks the chain when appends race on two pools of one process', async () => {
      const other = fx.reopen();
      try {
        const second = new EvidenceStore(other);
        await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? store : second).append(capture(i))));
        const entries = await store.entries(0, 100);
        expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
        expectIntactChain(entries);
      } finally {
        await other.db.destroy();
      }
    });

    it('lists live captures by URL or page and window, leaving out those deleted by retention', async () => {
      const first = await store.append(capture(1), [
        { role: 'warc', sha256: SHA(1), bytes: 1, mediaType: 'x', label: 'w' },
      ]);
      const second = await store.append(capture(2), [
        { role: 'warc', sha256: SHA(1), bytes: 1, mediaType: 'x', label: 'w' },
      ]);
      await store.append(capture(3, { url: 'https://other.example.go.jp/', pageId: 6 }));
      expect(
        (await store.liveCaptures({ url: 'https://www.example.go.jp/news/', from: T0, to: T0 + 10_000 })).map(
          (e) => e.seq,
        ),
      ).toEqual([1, 2]);
      expect((await store.liveCaptures({ pageIds: [6], from: T0, to: T0 + 10_000 })).map((e) => e.seq)).toEqual([3]);
      expect(await store.liveCaptures({ pageIds: [], from: T0, to: T0 + 10_000 })).toEqual([]);
      expect(
        (await store.liveCaptures({ url: 'https://www.example.go.jp/news/', from: T0 + 1500, to: T0 + 10_000 })).map(
          (e) => e.seq,
        ),
      ).toEqual([2]);
      expect(await store.isFileLive(SHA(1), first.seq)).toBe(true);
      await store.append({
        ...capture(9),
        kind: 'retention-delete',
        refersToSeq: second.seq,
        evidenceSha256: null,
        observedAt: null,
      });
      expect((await store.liveCaptures({ pageIds: [5], from: T0, to: T0 + 10_000 })).map((e) => e.seq)).toEqual([1]);
      expect(await store.isFileLive(SHA(1), first.seq)).toBe(false);
      expect((await store.capturesBefore(T0 + 5000, 0, 10)).map((e) => e.seq)).toEqual([1, 3]);
      expect((await store.lastCapture(5))?.seq).toBe(2);
    });

    it('places and releases holds, each recorded in the ledger', async () => {
      const { hold, entry } = await store.placeHold(
        { subject: 'incident:42', pageId: 5, from: T0, to: T0 + 1000, reason: 'defacement' },
        T0,
      );
      expect(hold).toMatchObject({ subject: 'incident:42', pageId: 5, releasedAt: null });
      expect(entry).toMatchObject({ kind: 'hold', seq: 1 });
      expect(await store.activeHolds()).toEqual([hold]);
      const released = await store.releaseHold(hold.id, T0 + 5);
      expect(released?.entry).toMatchObject({ kind: 'hold-release', seq: 2 });
      expect(await store.activeHolds()).toEqual([]);
      expect(await store.releaseHold(hold.id, T0 + 6)).toBeNull();
      expectIntactChain(await store.entries(0, 10));
    });

    it('refuses a second entry at the same place in the chain even without the lock', async () => {
      await store.append(capture(1));
      const head = (await store.head())!;
      const row = {
        seq: 2,
        kind: 'capture',
        recorded_at: T0,
        page_id: null,
        check_id: null,
        url: null,
        observed_at: null,
        refers_to_seq: null,
        evidence_sha256: null,
        details: '{}',
        prev_hash: head.entryHash,
        entry_hash: SHA(77),
      };
      await withTables<EvidenceTables>(fx.handle).insertInto('evidence_ledger').values(row).execute();
      await expect(
        withTables<EvidenceTables>(fx.handle)
          .insertInto('evidence_ledger')
          .values({ ...row, seq: 3, entry_hash: SHA(78) })
          .execute(),
      ).rejects.toThrow();
    });
  });
}

/** The harness's database as this suite uses it: the handle only, reopened by URL (in a child process too). */
function fixtureOf(db: TestDatabase): Fixture {
  const { url, pgSchema } = db.location;
  return {
    handle: db.handle,
    childArgs: [url, pgSchema ?? '-'],
    reopen: () => openDatabase(url, pgSchema === undefined ? {} : { pgSchema }),
    cleanup: () => db.cleanup(),
  };
}

await onBothDatabases('EvidenceStore', testEnv(process.env), (backend, open) =>
  runSuite(backend, async () => fixtureOf(await open())),
);
