/**
 * Table typings of migration 0003: the custody ledger, its file index and legal holds, typed as
 * store/tables.ts says.
 */
import type { Generated } from 'kysely';
import type { EpochMs } from '../store/tables.ts';

/** The custody ledger (migration 0003): append-only, each row chained to the previous by hash. */
export interface EvidenceLedgerTable {
  seq: number;
  kind: string;
  recorded_at: EpochMs;
  page_id: number | null;
  check_id: number | null;
  url: string | null;
  observed_at: EpochMs | null;
  refers_to_seq: number | null;
  evidence_sha256: string | null;
  /** Canonical JSON, hashed as this exact text. */
  details: string;
  prev_hash: string;
  entry_hash: string;
}

export interface EvidenceFilesTable {
  ledger_seq: number;
  sha256: string;
  role: string;
}

export interface EvidenceHoldsTable {
  id: Generated<number>;
  subject: string;
  page_id: number | null;
  from_at: EpochMs | null;
  to_at: EpochMs | null;
  reason: string;
  created_at: EpochMs;
  released_at: EpochMs | null;
}

export type EvidenceTables = {
  evidence_ledger: EvidenceLedgerTable;
  evidence_files: EvidenceFilesTable;
  evidence_holds: EvidenceHoldsTable;
};
