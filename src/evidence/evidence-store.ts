/**
 * The custody ledger and legal holds, over the shared Kysely handle, on SQLite and PostgreSQL alike.
 *
 * Appends are serialised so the chain never forks: SQLite takes its write lock up front (BEGIN
 * IMMEDIATE, waiting busy_timeout for other processes); PostgreSQL takes a transaction-scoped advisory
 * lock. Reading the head and writing the next entry happen under that one lock. The primary key on
 * seq and the unique prev_hash make a fork impossible even if a writer bypassed the lock.
 */
import { createHash } from 'node:crypto';
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Database, DatabaseHandle, EvidenceHoldsTable, EvidenceLedgerTable } from '../store/database.ts';
import { withStoreErrors } from '../store/errors.ts';
import { canonicalJson } from './canonical-json.ts';
import { sealEntry } from './chain.ts';
import type { EvidenceFileRef, EvidenceHold, LedgerEntry, LedgerKind, NewHold, NewLedgerEntry } from './types.ts';

type Db = Kysely<Database>;

function toEntry(row: EvidenceLedgerTable): LedgerEntry {
  return {
    seq: Number(row.seq),
    kind: row.kind as LedgerKind,
    recordedAt: Number(row.recorded_at),
    pageId: row.page_id === null ? null : Number(row.page_id),
    checkId: row.check_id === null ? null : Number(row.check_id),
    url: row.url,
    observedAt: row.observed_at === null ? null : Number(row.observed_at),
    refersToSeq: row.refers_to_seq === null ? null : Number(row.refers_to_seq),
    evidenceSha256: row.evidence_sha256,
    details: row.details,
    prevHash: row.prev_hash,
    entryHash: row.entry_hash,
  };
}

function toRow(entry: LedgerEntry): EvidenceLedgerTable {
  return {
    seq: entry.seq,
    kind: entry.kind,
    recorded_at: entry.recordedAt,
    page_id: entry.pageId,
    check_id: entry.checkId,
    url: entry.url,
    observed_at: entry.observedAt,
    refers_to_seq: entry.refersToSeq,
    evidence_sha256: entry.evidenceSha256,
    details: entry.details,
    prev_hash: entry.prevHash,
    entry_hash: entry.entryHash,
  };
}

function toHold(row: Selectable<EvidenceHoldsTable>): EvidenceHold {
  return {
    id: Number(row.id),
    subject: row.subject,
    pageId: row.page_id === null ? null : Number(row.page_id),
    from: row.from_at === null ? null : Number(row.from_at),
    to: row.to_at === null ? null : Number(row.to_at),
    reason: row.reason,
    createdAt: Number(row.created_at),
    releasedAt: row.released_at === null ? null : Number(row.released_at),
  };
}

/** Captures whose files retention has not deleted. */
function notDeleted(eb: ExpressionBuilder<Database, 'evidence_ledger'>) {
  // Built from `eb` so the subquery sees the outer table (a correlated reference Kysely can type).
  return eb.not(
    eb.exists(
      eb
        .selectFrom('evidence_ledger as d')
        .select('d.seq')
        .where('d.kind', '=', 'retention-delete')
        .whereRef('d.refers_to_seq', '=', 'evidence_ledger.seq'),
    ),
  );
}

/**
 * One queue per SQLite file in this process. better-sqlite3 is synchronous: a second connection's
 * BEGIN IMMEDIATE would block the whole thread for busy_timeout while the first connection's
 * transaction (awaiting between statements) could never finish. So appenders in one process take
 * turns here first; other processes still wait on SQLite's own lock.
 */
const sqliteQueues = new Map<string, Promise<unknown>>();

function inTurn<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = sqliteQueues.get(key) ?? Promise.resolve();
  const next = previous.then(fn, fn);
  const settled = next.then(
    () => undefined,
    () => undefined,
  );
  sqliteQueues.set(key, settled);
  void settled.then(() => {
    if (sqliteQueues.get(key) === settled) sqliteQueues.delete(key);
  });
  return next;
}

/** One row of the file index: entry `seq` names the file `sha256` in `role`. */
export interface EvidenceFileRow {
  seq: number;
  sha256: string;
  role: string;
}

export interface CaptureQuery {
  url?: string;
  pageIds?: readonly number[];
  from: number;
  to: number;
}

export class EvidenceStore {
  readonly #handle: DatabaseHandle;
  readonly #db: Db;
  #lockKey: string | null = null;
  readonly #appended: ((entry: LedgerEntry) => Promise<void>)[] = [];

  constructor(handle: DatabaseHandle) {
    this.#handle = handle;
    this.#db = handle.db;
  }

  #run<T>(operation: () => Promise<T>): Promise<T> {
    return withStoreErrors(this.#handle.target, operation);
  }

  /** Runs `fn` holding the ledger's write lock, in one transaction. */
  #serialised<T>(fn: (trx: Db) => Promise<T>): Promise<T> {
    return this.#run(async () => {
      if (this.#handle.dialect === 'postgres') {
        return this.#db.transaction().execute(async (trx) => {
          await sql`select pg_advisory_xact_lock(${await this.#pgLockKey(trx)}::bigint)`.execute(trx);
          return fn(trx);
        });
      }
      // Kysely's SQLite transactions begin DEFERRED: a read then a write could fail to upgrade.
      return inTurn(this.#handle.target, () =>
        this.#db.connection().execute(async (conn) => {
          await sql`begin immediate`.execute(conn);
          try {
            const result = await fn(conn);
            await sql`commit`.execute(conn);
            return result;
          } catch (err) {
            await sql`rollback`.execute(conn).catch(() => undefined);
            throw err;
          }
        }),
      );
    });
  }

  /** One lock per schema: ledgers in other schemas of the same database don't wait for each other. */
  async #pgLockKey(trx: Db): Promise<string> {
    if (this.#lockKey === null) {
      const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(trx);
      const name = `mamori.evidence.ledger.${this.#handle.pgSchema ?? rows[0]?.schema ?? 'public'}`;
      this.#lockKey = createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
    }
    return this.#lockKey;
  }

  async #headIn(trx: Db): Promise<LedgerEntry | null> {
    const row = await trx.selectFrom('evidence_ledger').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst();
    return row ? toEntry(row) : null;
  }

  async #appendIn(trx: Db, entry: NewLedgerEntry, files: readonly EvidenceFileRef[]): Promise<LedgerEntry> {
    const sealed = sealEntry(await this.#headIn(trx), { ...entry, details: canonicalJson(entry.details) });
    await trx.insertInto('evidence_ledger').values(toRow(sealed)).execute();
    for (const file of files) {
      await trx
        .insertInto('evidence_files')
        .values({ ledger_seq: sealed.seq, sha256: file.sha256, role: file.role })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    return sealed;
  }

  /**
   * Called after each entry is committed (the tail anchor listens here). Awaited by the appender, so
   * a command that appends does not exit before its listeners are done; listeners must not throw.
   */
  onAppended(listener: (entry: LedgerEntry) => Promise<void>): void {
    this.#appended.push(listener);
  }

  async #announce(entry: LedgerEntry): Promise<void> {
    for (const listener of this.#appended) await listener(entry);
  }

  /** Append one entry (and index its files) at the head of the chain. */
  async append(entry: NewLedgerEntry, files: readonly EvidenceFileRef[] = []): Promise<LedgerEntry> {
    const sealed = await this.#serialised((trx) => this.#appendIn(trx, entry, files));
    await this.#announce(sealed);
    return sealed;
  }

  head(): Promise<LedgerEntry | null> {
    return this.#run(() => this.#headIn(this.#db));
  }

  entry(seq: number): Promise<LedgerEntry | null> {
    return this.#run(async () => {
      const row = await this.#db.selectFrom('evidence_ledger').selectAll().where('seq', '=', seq).executeTakeFirst();
      return row ? toEntry(row) : null;
    });
  }

  /** The file rows of entries in (afterSeq, upToSeq], whether or not those entries still exist (verify's cross-check). */
  fileRows(afterSeq: number, upToSeq: number): Promise<EvidenceFileRow[]> {
    return this.#run(async () => {
      const rows = await this.#db
        .selectFrom('evidence_files')
        .selectAll()
        .where('ledger_seq', '>', afterSeq)
        .where('ledger_seq', '<=', upToSeq)
        .orderBy('ledger_seq')
        .orderBy('sha256')
        .orderBy('role')
        .execute();
      return rows.map((r) => ({ seq: Number(r.ledger_seq), sha256: r.sha256, role: r.role }));
    });
  }

  /** Entries in chain order after `afterSeq`, at most `limit`. */
  entries(afterSeq: number, limit: number): Promise<LedgerEntry[]> {
    return this.#run(async () => {
      const rows = await this.#db
        .selectFrom('evidence_ledger')
        .selectAll()
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map(toEntry);
    });
  }

  /** The newest `limit` entries (about `url` when given), returned oldest first. */
  recent(limit: number, url?: string): Promise<LedgerEntry[]> {
    return this.#run(async () => {
      let q = this.#db.selectFrom('evidence_ledger').selectAll().orderBy('seq', 'desc').limit(limit);
      if (url !== undefined) q = q.where('url', '=', url);
      return (await q.execute()).map(toEntry).reverse();
    });
  }

  /** The newest capture of a page, for the sampling decision after a restart. */
  lastCapture(pageId: number): Promise<LedgerEntry | null> {
    return this.#run(async () => {
      const row = await this.#db
        .selectFrom('evidence_ledger')
        .selectAll()
        .where('page_id', '=', pageId)
        .where('kind', '=', 'capture')
        .orderBy('observed_at', 'desc')
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? toEntry(row) : null;
    });
  }

  /** The newest capture or repeat of a page: what the page looked like when last recorded. */
  lastObservation(pageId: number): Promise<LedgerEntry | null> {
    return this.#run(async () => {
      const row = await this.#db
        .selectFrom('evidence_ledger')
        .selectAll()
        .where('page_id', '=', pageId)
        .where('kind', 'in', ['capture', 'repeat'])
        .orderBy('observed_at', 'desc')
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? toEntry(row) : null;
    });
  }

  /** The newest live capture of a page observed before `before`: how the page looked before an incident. */
  lastLiveCaptureBefore(pageId: number, before: number): Promise<LedgerEntry | null> {
    return this.#run(async () => {
      const row = await this.#db
        .selectFrom('evidence_ledger')
        .selectAll()
        .where('page_id', '=', pageId)
        .where('kind', '=', 'capture')
        .where('observed_at', '<', before)
        .where(notDeleted)
        .orderBy('observed_at', 'desc')
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? toEntry(row) : null;
    });
  }

  /**
   * Captures (not deleted by retention) of a URL or of pages, observed within [from, to]; with
   * `repeats`, the repeat entries of that window too.
   */
  liveCaptures(query: CaptureQuery & { repeats?: boolean }): Promise<LedgerEntry[]> {
    return this.#run(async () => {
      let q = this.#db
        .selectFrom('evidence_ledger')
        .selectAll()
        .where('kind', 'in', query.repeats === true ? ['capture', 'repeat'] : ['capture'])
        .where('observed_at', '>=', query.from)
        .where('observed_at', '<=', query.to)
        .where(notDeleted)
        .orderBy('seq');
      if (query.url !== undefined) q = q.where('url', '=', query.url);
      if (query.pageIds !== undefined) {
        if (query.pageIds.length === 0) return [];
        q = q.where('page_id', 'in', [...query.pageIds]);
      }
      return (await q.execute()).map(toEntry);
    });
  }

  /**
   * Live captures and repeats observed before `before`, in chain order after `afterSeq` (retention
   * walks these: a repeat's files are the ones it names, kept while it lives).
   */
  capturesBefore(before: number, afterSeq: number, limit: number): Promise<LedgerEntry[]> {
    return this.#run(async () => {
      const rows = await this.#db
        .selectFrom('evidence_ledger')
        .selectAll()
        .where('kind', 'in', ['capture', 'repeat'])
        .where('observed_at', '<', before)
        .where('seq', '>', afterSeq)
        .where(notDeleted)
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map(toEntry);
    });
  }

  /** Whether a capture or token other than `exceptSeq`, not deleted by retention, still uses this file. */
  isFileLive(sha256: string, exceptSeq: number): Promise<boolean> {
    return this.#run(async () => {
      const row = await this.#db
        .selectFrom('evidence_files as f')
        .select('f.ledger_seq')
        .where('f.sha256', '=', sha256)
        .where('f.ledger_seq', '!=', exceptSeq)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('evidence_ledger as d')
                .select('d.seq')
                .where('d.kind', '=', 'retention-delete')
                .whereRef('d.refers_to_seq', '=', 'f.ledger_seq'),
            ),
          ),
        )
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    });
  }

  /** Place a hold and record it in the ledger, in one transaction. */
  async placeHold(hold: NewHold, now: number): Promise<{ hold: EvidenceHold; entry: LedgerEntry }> {
    const placed = await this.#serialised(async (trx) => {
      const row = await trx
        .insertInto('evidence_holds')
        .values({
          subject: hold.subject,
          page_id: hold.pageId,
          from_at: hold.from,
          to_at: hold.to,
          reason: hold.reason,
          created_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const stored = toHold(row);
      const entry = await this.#appendIn(
        trx,
        {
          kind: 'hold',
          recordedAt: now,
          pageId: hold.pageId,
          checkId: null,
          url: null,
          observedAt: null,
          refersToSeq: null,
          evidenceSha256: null,
          details: { holdId: stored.id, subject: hold.subject, from: hold.from, to: hold.to, reason: hold.reason },
        },
        [],
      );
      return { hold: stored, entry };
    });
    await this.#announce(placed.entry);
    return placed;
  }

  /** Release a hold (recorded in the ledger). Null when there is no such open hold. */
  async releaseHold(id: number, now: number): Promise<{ hold: EvidenceHold; entry: LedgerEntry } | null> {
    const released = await this.#serialised(async (trx) => {
      const row = await trx
        .updateTable('evidence_holds')
        .set({ released_at: now })
        .where('id', '=', id)
        .where('released_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      if (!row) return null;
      const hold = toHold(row);
      const entry = await this.#appendIn(
        trx,
        {
          kind: 'hold-release',
          recordedAt: now,
          pageId: hold.pageId,
          checkId: null,
          url: null,
          observedAt: null,
          refersToSeq: null,
          evidenceSha256: null,
          details: { holdId: hold.id, subject: hold.subject, from: hold.from, to: hold.to, reason: hold.reason },
        },
        [],
      );
      return { hold, entry };
    });
    if (released) await this.#announce(released.entry);
    return released;
  }

  activeHolds(): Promise<EvidenceHold[]> {
    return this.#run(async () => {
      const rows = await this.#db
        .selectFrom('evidence_holds')
        .selectAll()
        .where('released_at', 'is', null)
        .orderBy('id')
        .execute();
      return rows.map(toHold);
    });
  }
}
