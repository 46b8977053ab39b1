/**
 * The custody ledger and legal holds, over the shared Kysely handle, on SQLite and PostgreSQL alike.
 *
 * Appends are serialised so the chain never forks: reading the head and writing the next entry happen
 * under the one write lock (store/write-lock.ts: BEGIN IMMEDIATE on SQLite, an advisory lock on
 * PostgreSQL). The primary key on seq and the unique prev_hash make a fork impossible even if a
 * writer bypassed the lock.
 */
import { Repository } from '../store/repository.ts';
import { reusableQuery } from '../store/reusable-query.ts';
import type { Db } from '../store/tables.ts';
import { canonicalJson } from './canonical-json.ts';
import { sealEntry } from './chain.ts';
import { notDeleted, toEntry, toHold, toRow } from './evidence-rows.ts';
import type { EvidenceTables } from './tables.ts';
import type { EvidenceFileRef, EvidenceHold, LedgerEntry, NewHold, NewLedgerEntry } from './types.ts';

/** Appends and holds take this lock: reading the head and writing the next entry are one step. */
const LEDGER_LOCK = { name: 'mamori.evidence.ledger' };

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

export class EvidenceStore extends Repository<EvidenceTables> {
  readonly #appended: ((entry: LedgerEntry) => Promise<void>)[] = [];
  // An append's statements, compiled once (reusable-query.ts): every changed page appends an entry,
  // and Kysely building and compiling them each time cost more than SQLite took to run them (issue 21).
  readonly #head = reusableQuery(0, () =>
    this.db.selectFrom('evidence_ledger').selectAll().orderBy('seq', 'desc').limit(1),
  );
  readonly #insertEntry = reusableQuery(
    12,
    (
      seq: number,
      kind: string,
      recordedAt: number,
      pageId: number | null,
      checkId: number | null,
      url: string | null,
      observedAt: number | null,
      refersToSeq: number | null,
      evidenceSha256: string | null,
      details: string,
      prevHash: string,
      entryHash: string,
    ) =>
      this.db.insertInto('evidence_ledger').values({
        seq,
        kind,
        recorded_at: recordedAt,
        page_id: pageId,
        check_id: checkId,
        url,
        observed_at: observedAt,
        refers_to_seq: refersToSeq,
        evidence_sha256: evidenceSha256,
        details,
        prev_hash: prevHash,
        entry_hash: entryHash,
      }),
  );
  readonly #insertFile = reusableQuery(3, (seq: number, sha256: string, role: string) =>
    this.db
      .insertInto('evidence_files')
      .values({ ledger_seq: seq, sha256, role })
      .onConflict((oc) => oc.doNothing()),
  );

  /** Runs `fn` holding the ledger's write lock (store/write-lock.ts), in one transaction. */
  #serialised<T>(fn: (trx: Db<EvidenceTables>) => Promise<T>): Promise<T> {
    return this.locked(LEDGER_LOCK, fn);
  }

  async #headIn(trx: Db<EvidenceTables>): Promise<LedgerEntry | null> {
    const { rows } = await trx.executeQuery(this.#head());
    return rows[0] ? toEntry(rows[0]) : null;
  }

  async #appendIn(
    trx: Db<EvidenceTables>,
    entry: NewLedgerEntry,
    files: readonly EvidenceFileRef[],
  ): Promise<LedgerEntry> {
    const sealed = sealEntry(await this.#headIn(trx), { ...entry, details: canonicalJson(entry.details) });
    const r = toRow(sealed);
    await trx.executeQuery(
      this.#insertEntry(
        r.seq,
        r.kind,
        r.recorded_at,
        r.page_id,
        r.check_id,
        r.url,
        r.observed_at,
        r.refers_to_seq,
        r.evidence_sha256,
        r.details,
        r.prev_hash,
        r.entry_hash,
      ),
    );
    for (const file of files) await trx.executeQuery(this.#insertFile(sealed.seq, file.sha256, file.role));
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
    return this.run(() => this.#headIn(this.db));
  }

  entry(seq: number): Promise<LedgerEntry | null> {
    return this.run(async () => {
      const row = await this.db.selectFrom('evidence_ledger').selectAll().where('seq', '=', seq).executeTakeFirst();
      return row ? toEntry(row) : null;
    });
  }

  /** The file rows of entries in (afterSeq, upToSeq], whether or not those entries still exist (verify's cross-check). */
  fileRows(afterSeq: number, upToSeq: number): Promise<EvidenceFileRow[]> {
    return this.run(async () => {
      const rows = await this.db
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
    return this.run(async () => {
      const rows = await this.db
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
    return this.run(async () => {
      let q = this.db.selectFrom('evidence_ledger').selectAll().orderBy('seq', 'desc').limit(limit);
      if (url !== undefined) q = q.where('url', '=', url);
      return (await q.execute()).map(toEntry).reverse();
    });
  }

  /** The newest capture of a page, for the sampling decision after a restart. */
  lastCapture(pageId: number): Promise<LedgerEntry | null> {
    return this.run(async () => {
      const row = await this.db
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
    return this.run(async () => {
      const row = await this.db
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
    return this.run(async () => {
      const row = await this.db
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
    return this.run(async () => {
      let q = this.db
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
    return this.run(async () => {
      const rows = await this.db
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
    return this.run(async () => {
      const row = await this.db
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
    return this.run(async () => {
      const rows = await this.db
        .selectFrom('evidence_holds')
        .selectAll()
        .where('released_at', 'is', null)
        .orderBy('id')
        .execute();
      return rows.map(toHold);
    });
  }
}
