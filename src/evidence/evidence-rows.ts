/** The custody ledger's rows as the evidence types, and back; the retention filter its queries share. */
import type { ExpressionBuilder, Selectable } from 'kysely';
import type { Database } from '../store/database.ts';
import type { EvidenceHoldsTable, EvidenceLedgerTable, EvidenceTables } from './tables.ts';
import type { EvidenceHold, LedgerEntry, LedgerKind } from './types.ts';

export function toEntry(row: EvidenceLedgerTable): LedgerEntry {
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

export function toRow(entry: LedgerEntry): EvidenceLedgerTable {
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

export function toHold(row: Selectable<EvidenceHoldsTable>): EvidenceHold {
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
export function notDeleted(eb: ExpressionBuilder<Database & EvidenceTables, 'evidence_ledger'>) {
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
