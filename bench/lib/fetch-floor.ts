import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Agent, request } from 'undici';
import { gcSince, startGcMeter, type GcTally } from './gc-meter.ts';
import { measure, type Phase } from './measure.ts';
import { threadTimes } from './thread-cpu.ts';

/** One pass of the floor: its CPU, the main thread's share of it, and its collections. */
export interface FloorPhase extends Phase {
  /** CPU of the main thread; the rest of `cpuMs` is helper threads (the collector's, libuv's). */
  mainMs: number;
  gc: GcTally;
}

/**
 * The fetch floor of an unchanged check: a bare undici GET of each page and a SHA-256 of its body, at
 * the given concurrency, with keep-alive connections. Nothing is decoded, stored or compared: no
 * monitor can check a page for less, so bench:watch reads Mamori's unchanged check against it.
 *
 * `recorded`: the floor plus the least a monitor that keeps its checks must add: read the page's row
 * (its last hash) before the GET, write the check's time and hash to it after, on SQLite with Mamori's
 * pragmas, committed in groups (one transaction per event-loop turn). It tells how much of the gap
 * between Mamori and the bare floor is durable bookkeeping any such monitor pays.
 */
export async function fetchFloor(
  urls: string[],
  concurrency: number,
  passes: number,
  recorded = false,
): Promise<FloorPhase> {
  const dispatcher = new Agent({ connections: 8, pipelining: 1 });
  const book = recorded ? openBook(urls.length) : null;
  const one = async (url: string, index: number): Promise<void> => {
    const last = book?.read(index);
    const res = await request(url, { dispatcher });
    const hash = createHash('sha256');
    for await (const chunk of res.body) hash.update(chunk as Buffer);
    const sha = hash.digest('hex');
    if (sha.length !== 64 || res.statusCode !== 200) throw new Error(`floor: ${url} answered ${res.statusCode}`);
    book?.write(index, sha, last === sha);
  };
  const pass = async (): Promise<void> => {
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < urls.length) {
        const index = next++;
        await one(urls[index]!, index);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    await book?.flushed();
  };
  await pass(); // connections opened and code warm, as Mamori's learning passes leave it
  const gc = startGcMeter();
  const gc0 = gc.read();
  const threads0 = threadTimes();
  const phase = await measure(async () => {
    for (let i = 0; i < passes; i++) await pass();
  });
  const mainMs = (threadTimes().get(process.pid) ?? NaN) - (threads0.get(process.pid) ?? NaN);
  const collected = gcSince(gc0, gc.read());
  gc.stop();
  await dispatcher.close();
  book?.close();
  const perPass = (n: number) => n / passes;
  return {
    wallMs: perPass(phase.wallMs),
    cpuMs: perPass(phase.cpuMs),
    mainMs: perPass(mainMs),
    gc: {
      minor: perPass(collected.minor),
      major: perPass(collected.major),
      minorMs: perPass(collected.minorMs),
      majorMs: perPass(collected.majorMs),
    },
  };
}

/** One row per page in a SQLite file of its own; writes are queued and committed once per loop turn. */
function openBook(pages: number) {
  const dir = mkdtempSync(join(tmpdir(), 'mamori-floor-'));
  const db = new Database(join(dir, 'floor.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE pages (id INTEGER PRIMARY KEY, last_checked_at INTEGER, last_sha TEXT, unchanged INTEGER)');
  const insert = db.prepare('INSERT INTO pages (id, last_checked_at, last_sha, unchanged) VALUES (?, 0, NULL, 0)');
  db.transaction(() => {
    for (let id = 0; id < pages; id++) insert.run(id);
  })();
  const select = db.prepare<[number], { last_sha: string | null }>('SELECT last_sha FROM pages WHERE id = ?');
  const update = db.prepare('UPDATE pages SET last_checked_at = ?, last_sha = ?, unchanged = ? WHERE id = ?');
  let queue: [number, string, number][] = [];
  let pending: Promise<void> | null = null;
  const commit = db.transaction((rows: [number, string, number][]) => {
    const now = Date.now();
    for (const [id, sha, unchanged] of rows) update.run(now, sha, unchanged, id);
  });
  return {
    read: (id: number): string | null => select.get(id)?.last_sha ?? null,
    write(id: number, sha: string, unchanged: boolean): void {
      queue.push([id, sha, unchanged ? 1 : 0]);
      pending ??= new Promise<void>((resolve) =>
        setImmediate(() => {
          const rows = queue;
          queue = [];
          pending = null;
          commit(rows);
          resolve();
        }),
      );
    },
    flushed: (): Promise<void> => pending ?? Promise.resolve(),
    close(): void {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
