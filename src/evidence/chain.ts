/**
 * The custody ledger's hash chain.
 *
 *   fieldsSha256 = sha256(canonical JSON of the entry's fields, version 1)
 *   entryHash    = sha256(prevHash + fieldsSha256)      (both as lower-case hex text)
 *
 * The fields' own digest sits in the chain so that an export can show an entry of another case as
 * (seq, prevHash, fieldsSha256, entryHash) only: the chain still verifies, the other case stays private.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import type { LedgerEntry, LedgerFields } from './types.ts';

/** The prevHash of entry 1. */
export const GENESIS_HASH = '0'.repeat(64);

const HASH_VERSION = 1;

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function fieldsSha256(fields: LedgerFields): string {
  const { seq, kind, recordedAt, pageId, checkId, url, observedAt, refersToSeq, evidenceSha256, details } = fields;
  return sha256(
    canonicalJson({
      v: HASH_VERSION,
      seq,
      kind,
      recordedAt,
      pageId,
      checkId,
      url,
      observedAt,
      refersToSeq,
      evidenceSha256,
      details,
    }),
  );
}

export function linkHash(prevHash: string, fieldsDigest: string): string {
  return sha256(prevHash + fieldsDigest);
}

export function entryHashOf(prevHash: string, fields: LedgerFields): string {
  return linkHash(prevHash, fieldsSha256(fields));
}

/** Seals the next entry onto the chain whose head is `head` (null for an empty ledger). */
export function sealEntry(
  head: Pick<LedgerEntry, 'seq' | 'entryHash'> | null,
  fields: Omit<LedgerFields, 'seq'>,
): LedgerEntry {
  const seq = head === null ? 1 : head.seq + 1;
  const prevHash = head === null ? GENESIS_HASH : head.entryHash;
  const sealed: LedgerFields = { ...fields, seq };
  return { ...sealed, prevHash, entryHash: entryHashOf(prevHash, sealed) };
}

export type ChainBreak =
  | { kind: 'gap'; seq: number; expectedSeq: number }
  | { kind: 'prev-hash'; seq: number }
  | { kind: 'entry-hash'; seq: number };

/**
 * Checks one entry against the one before it (null before the first). Returns the breaks found:
 * a missing entry, an entry that does not point at its predecessor, an entry whose content no
 * longer matches its own hash.
 */
export function checkLink(previous: Pick<LedgerEntry, 'seq' | 'entryHash'> | null, entry: LedgerEntry): ChainBreak[] {
  const breaks: ChainBreak[] = [];
  const expectedSeq = previous === null ? 1 : previous.seq + 1;
  if (entry.seq !== expectedSeq) breaks.push({ kind: 'gap', seq: entry.seq, expectedSeq });
  else if (entry.prevHash !== (previous === null ? GENESIS_HASH : previous.entryHash))
    breaks.push({ kind: 'prev-hash', seq: entry.seq });
  if (entryHashOf(entry.prevHash, entry) !== entry.entryHash) breaks.push({ kind: 'entry-hash', seq: entry.seq });
  return breaks;
}
