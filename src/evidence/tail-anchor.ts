/**
 * The tail anchor: the hash chain proves nothing about its own end. Deleting the newest entries
 * leaves a shorter chain that still verifies. So after every append the head (seq, entryHash,
 * count, time) is appended to a JSONL log outside the database, and verify compares the ledger with
 * the newest anchor: a ledger shorter than anchored, or a different hash at the anchored seq, means
 * entries were deleted or rewritten after it.
 *
 * Threat model: someone who can write both the database and the anchor directory can still rewrite
 * both consistently. What makes the anchor checkable from outside is (a) a time stamp: when the
 * appended entry is a TSA `timestamp` entry, its anchor carries the RFC 3161 token, which no one
 * can forge later; (b) a copy kept elsewhere (`mamori evidence anchor --out FILE`, or the anchor
 * directory on other storage), which `mamori evidence verify --anchor FILE` checks against.
 * Retention never deletes entries (it appends `retention-delete`), so pruning cannot look like this.
 */
import { open, readFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FsBlobStore } from '../store/blob-store.ts';
import type { EvidenceStore } from './evidence-store.ts';
import type { LedgerEntry, TimestampDetails } from './types.ts';

export interface TailAnchor {
  v: 1;
  seq: number;
  entryHash: string;
  /** Entries in the ledger at the time (equal to seq while the chain has no gaps). */
  count: number;
  /** Epoch milliseconds when the anchor was written. */
  at: number;
  /** When the anchored entry is a TSA time stamp: the token, over the hash of entry `refersToSeq`. */
  tsa?: { refersToSeq: number; stampedHash: string; tsaUrl: string; genTime: string; tokenBase64: string };
}

export const ANCHOR_FILE = 'ledger-anchors.jsonl';

/** An anchor line waiting for the next write, and the appender waiting for it to be synced. */
interface PendingLine {
  line: string;
  settle: (err?: Error) => void;
}

/**
 * The anchor log: one JSON object a line, only ever appended to (each line written and synced whole).
 * Group commit: anchors appended while a write is in flight wait and go out together in the next
 * write and sync, so a burst of changed pages (one capture entry each) costs one open, write, sync and
 * close per group instead of per entry. An append still resolves only once its own line is synced: a
 * crash loses nothing that was acknowledged, only appends still waiting (their entries are committed
 * and merely unanchored, as when an anchor write fails).
 */
export class AnchorLog {
  readonly path: string;
  readonly #dir: string;
  #pending: PendingLine[] = [];
  #writing = false;
  #dirMade = false;
  #writes = 0;

  constructor(dir: string) {
    this.#dir = dir;
    this.path = join(dir, ANCHOR_FILE);
  }

  /** Writes (each one open, write, sync, close) made so far: fewer than appends when they were grouped. */
  get writes(): number {
    return this.#writes;
  }

  append(anchor: TailAnchor): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ line: `${JSON.stringify(anchor)}\n`, settle: (err) => (err ? reject(err) : resolve()) });
      if (!this.#writing) void this.#drain();
    });
  }

  /** Writes the waiting lines group by group until none is left; a failed write fails its group only. */
  async #drain(): Promise<void> {
    this.#writing = true;
    while (this.#pending.length > 0) {
      const group = this.#pending.splice(0);
      let failure: Error | undefined;
      try {
        await this.#write(group.map((p) => p.line).join(''));
      } catch (err) {
        failure = err instanceof Error ? err : new Error(`the anchor write failed: ${String(err)}`);
      }
      for (const p of group) p.settle(failure);
    }
    this.#writing = false;
  }

  async #write(text: string): Promise<void> {
    // Made once per log: a directory removed later fails the open, and the next write makes it again.
    if (!this.#dirMade) await mkdir(this.#dir, { recursive: true });
    this.#dirMade = true;
    this.#writes++;
    let handle;
    try {
      handle = await open(this.path, 'a');
    } catch (err) {
      this.#dirMade = false;
      throw err;
    }
    try {
      await handle.write(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** The anchor with the highest seq (appends may land out of order), or null when there is none yet. */
  async latest(): Promise<TailAnchor | null> {
    return latestOf(await this.#read());
  }

  async #read(): Promise<string> {
    try {
      return await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return '';
      throw err;
    }
  }
}

/** Parses anchors from JSONL (a torn last line from a crash is skipped) and returns the highest. */
export function latestOf(text: string): TailAnchor | null {
  let best: TailAnchor | null = null;
  for (const line of text.split('\n')) {
    const anchor = parseAnchor(line);
    if (anchor && (best === null || anchor.seq > best.seq)) best = anchor;
  }
  return best;
}

export function parseAnchor(text: string): TailAnchor | null {
  try {
    const a = JSON.parse(text) as Partial<TailAnchor>;
    if (
      a.v !== 1 ||
      !Number.isSafeInteger(a.seq) ||
      typeof a.entryHash !== 'string' ||
      !Number.isSafeInteger(a.count) ||
      typeof a.at !== 'number'
    )
      return null;
    return a as TailAnchor;
  } catch {
    return null;
  }
}

/** The anchor for an entry just appended; a time-stamp entry's anchor carries its token. */
export async function anchorFor(entry: LedgerEntry, files: FsBlobStore, at: number): Promise<TailAnchor> {
  const anchor: TailAnchor = { v: 1, seq: entry.seq, entryHash: entry.entryHash, count: entry.seq, at };
  if (entry.kind === 'timestamp' && entry.refersToSeq !== null) {
    const d = JSON.parse(entry.details) as TimestampDetails;
    const token = await files.get(d.file.sha256);
    if (token)
      anchor.tsa = {
        refersToSeq: entry.refersToSeq,
        stampedHash: d.stampedHash,
        tsaUrl: d.tsaUrl,
        genTime: d.genTime,
        tokenBase64: token.toString('base64'),
      };
  }
  return anchor;
}

/** Wires the log to the ledger: every append is anchored; a failure is reported, never thrown at the writer. */
export function anchorAppends(
  ledger: EvidenceStore,
  log: AnchorLog,
  files: FsBlobStore,
  now: () => number,
  onError: (err: unknown) => void,
): void {
  ledger.onAppended(async (entry) => {
    try {
      await log.append(await anchorFor(entry, files, now()));
    } catch (err) {
      onError(err);
    }
  });
}

export interface AnchorProblem {
  kind: 'anchor';
  seq: number;
  message: string;
}

/** Compares the ledger's head with an anchor (pure but for the one entry lookup). */
export async function checkAnchor(
  ledger: EvidenceStore,
  head: { seq: number; entryHash: string } | null,
  entries: number,
  anchor: TailAnchor,
  source: string,
): Promise<AnchorProblem[]> {
  const when = new Date(anchor.at).toISOString();
  const headSeq = head?.seq ?? 0;
  if (headSeq < anchor.seq || entries < anchor.count) {
    return [
      {
        kind: 'anchor',
        seq: anchor.seq,
        message: `entries deleted after #${headSeq}: ${source} recorded ${anchor.count} entries up to #${anchor.seq} at ${when}, the ledger now has ${entries}`,
      },
    ];
  }
  const anchored = await ledger.entry(anchor.seq);
  if (anchored?.entryHash !== anchor.entryHash) {
    return [
      {
        kind: 'anchor',
        seq: anchor.seq,
        message: `entry #${anchor.seq} no longer has the hash ${source} recorded at ${when}: the ledger was rewritten up to it`,
      },
    ];
  }
  return [];
}
