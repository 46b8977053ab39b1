/**
 * verify's cross-checks between the three places custody lives: ledger entries (what was recorded),
 * file rows (the index export and retention query) and the files on disk. Each must account for
 * the others both ways, so deleting any one of them (the newest entries, a record's file rows, a
 * file) leaves a trace in the other two that verify names.
 */
import type { FsBlobStore } from '../store/blob-store.ts';
import type { EvidenceFileRow, EvidenceStore } from './evidence-store.ts';
import type { EvidenceFileRef } from './types.ts';

export type FileRowProblemKind = 'row-missing' | 'row-orphaned' | 'row-unlisted';

export type CrossProblem =
  | { kind: 'file-row'; seq: number; problem: FileRowProblemKind; role: string; sha256: string; message: string }
  | { kind: 'unreferenced-file'; seq: null; sha256: string; path: string; message: string };

const key = (sha256: string, role: string) => `${sha256}:${role}`;

/** Collects what the ledger walk sees, one page of entries at a time. */
export class CrossCheck {
  readonly problems: CrossProblem[] = [];
  /** Every file named by an entry's details or by a file row: the disk scan's allow-list. */
  readonly named = new Set<string>();
  readonly #ledger: EvidenceStore;

  constructor(ledger: EvidenceStore) {
    this.#ledger = ledger;
  }

  /**
   * Compares one page of entries (seqs in (after, last]) with the file rows of that range. `files`
   * holds each entry's listed files, or null when its details are unreadable (reported elsewhere).
   */
  async page(
    after: number,
    last: number,
    files: ReadonlyMap<number, readonly EvidenceFileRef[] | null>,
  ): Promise<void> {
    const bySeq = new Map<number, EvidenceFileRow[]>();
    for (const row of await this.#ledger.fileRows(after, last)) {
      this.named.add(row.sha256);
      const list = bySeq.get(row.seq) ?? [];
      list.push(row);
      bySeq.set(row.seq, list);
    }
    for (const [seq, listed] of files) {
      const rows = bySeq.get(seq) ?? [];
      bySeq.delete(seq);
      if (listed === null) continue;
      const have = new Set(rows.map((r) => key(r.sha256, r.role)));
      const want = new Set<string>();
      for (const f of listed) {
        this.named.add(f.sha256);
        want.add(key(f.sha256, f.role));
        if (have.has(key(f.sha256, f.role))) continue;
        have.add(key(f.sha256, f.role)); // one report per file, however often the entry lists it
        this.#push(
          seq,
          'row-missing',
          f.role,
          f.sha256,
          `entry #${seq} lists ${f.role} ${f.sha256} but its file row is missing: the file index was altered`,
        );
      }
      for (const r of rows) {
        if (!want.has(key(r.sha256, r.role)))
          this.#push(
            seq,
            'row-unlisted',
            r.role,
            r.sha256,
            `a file row says entry #${seq} holds ${r.role} ${r.sha256}, which the entry does not list`,
          );
      }
    }
    this.#orphans(bySeq);
  }

  /** After the walk: rows beyond the head belong to entries deleted from the end of the ledger. */
  async tail(headSeq: number): Promise<void> {
    const bySeq = new Map<number, EvidenceFileRow[]>();
    for (const row of await this.#ledger.fileRows(headSeq, Number.MAX_SAFE_INTEGER)) {
      this.named.add(row.sha256);
      bySeq.set(row.seq, [...(bySeq.get(row.seq) ?? []), row]);
    }
    this.#orphans(bySeq);
  }

  /** Every evidence file on disk must be named by an entry or a file row. */
  async disk(files: FsBlobStore): Promise<void> {
    for await (const sha256 of files.ids()) {
      if (this.named.has(sha256)) continue;
      const path = files.pathOf(sha256);
      this.problems.push({
        kind: 'unreferenced-file',
        seq: null,
        sha256,
        path,
        message: `${path} is not named by any ledger entry or file row: its entry was deleted (or a capture stopped between writing it and recording it)`,
      });
    }
  }

  #orphans(bySeq: ReadonlyMap<number, EvidenceFileRow[]>): void {
    for (const [seq, rows] of bySeq) {
      for (const r of rows)
        this.#push(
          seq,
          'row-orphaned',
          r.role,
          r.sha256,
          `a file row names ${r.role} ${r.sha256} of entry #${seq}, which is not in the ledger: the entry was deleted`,
        );
    }
  }

  #push(seq: number, problem: FileRowProblemKind, role: string, sha256: string, message: string): void {
    this.problems.push({ kind: 'file-row', seq, problem, role, sha256, message });
  }
}
