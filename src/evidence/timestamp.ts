/**
 * Stamping the ledger head with a TSA, recorded in the ledger itself: the token is an evidence file
 * (role `timestamp-token`) that verify re-hashes, and the entry says which entry's hash it vouches for.
 */
import type { FsBlobStore } from '../store/blob-store.ts';
import type { EvidenceStore } from './evidence-store.ts';
import { isTsaError, requestTimeStamp, type TsaError } from './tsa.ts';
import type { LedgerEntry, TimestampDetails } from './types.ts';

export type StampResult =
  { stamped: LedgerEntry } | { stamped: null; reason: 'empty-ledger' | 'head-already-stamped' } | { error: TsaError };

export async function stampLedgerHead(
  ledger: EvidenceStore,
  files: FsBlobStore,
  tsaUrl: string,
  now: () => number,
): Promise<StampResult> {
  const head = await ledger.head();
  if (head === null) return { stamped: null, reason: 'empty-ledger' };
  // Nothing happened since the last stamp: stamping the stamp would add nothing.
  if (head.kind === 'timestamp') return { stamped: null, reason: 'head-already-stamped' };
  const stamp = await requestTimeStamp(tsaUrl, head.entryHash);
  if (isTsaError(stamp)) return { error: stamp };
  const sha256 = await files.put(stamp.reply);
  const file = {
    role: 'timestamp-token' as const,
    sha256,
    bytes: stamp.reply.length,
    mediaType: 'application/timestamp-reply',
    label: `ledger-${head.seq}.tsr`,
  };
  const details: TimestampDetails = {
    tsaUrl,
    stampedHash: head.entryHash,
    genTime: stamp.genTime,
    serialNumber: stamp.serialNumber,
    policy: stamp.policy,
    file,
  };
  const stamped = await ledger.append(
    {
      kind: 'timestamp',
      recordedAt: now(),
      pageId: null,
      checkId: null,
      url: null,
      observedAt: null,
      refersToSeq: head.seq,
      evidenceSha256: sha256,
      details,
    },
    [file],
  );
  return { stamped };
}
