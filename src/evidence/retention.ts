/**
 * Evidence retention: captures older than `evidence.retentionDays` lose their files unless an open
 * legal hold covers them, or a later repeat (or capture) still names them: a capture's WARC lives as
 * long as the newest live entry that points at it. The capture's ledger entry stays (the chain must still verify) and a
 * `retention-delete` entry records what was removed and why, so an auditor can tell deletion by
 * policy from loss or tampering.
 */
import { DAY_MS } from './evidence.ts';
import type { EvidenceStore } from './evidence-store.ts';
import { filesOfEntry } from './entry-files.ts';
import type { FsBlobStore } from '../store/blob-store.ts';
import type { EvidenceHold, LedgerEntry, RetentionDeleteDetails } from './types.ts';

export interface EvidenceRetentionResult {
  /** Captures whose files were released. */
  deleted: number;
  /** Old captures kept because a hold covers them. */
  held: number;
  filesRemoved: number;
}

/** A file another capture stored within this window may be in use right now: it is left alone. */
const GRACE_MS = 60 * 60 * 1000;
const BATCH = 200;

/** Whether an open hold covers this capture (pure). */
export function isHeld(entry: Pick<LedgerEntry, 'pageId' | 'observedAt'>, holds: readonly EvidenceHold[]): boolean {
  const at = entry.observedAt ?? 0;
  return holds.some(
    (h) =>
      h.releasedAt === null &&
      (h.pageId === null || h.pageId === entry.pageId) &&
      (h.from === null || at >= h.from) &&
      (h.to === null || at <= h.to),
  );
}

/** The files a capture or repeat names (a repeat: the WARC it points at and its images). */
function captureFiles(entry: LedgerEntry): string[] {
  const files = filesOfEntry(entry);
  // A damaged entry is verify's business; retention leaves its files alone.
  return typeof files === 'string' ? [] : [...new Set(files.map((f) => f.sha256))];
}

/** `extraHolds`: holds kept elsewhere, such as open incidents. */
export async function applyEvidenceRetention(
  ledger: EvidenceStore,
  files: FsBlobStore,
  retentionDays: number,
  now: number,
  extraHolds: readonly EvidenceHold[] = [],
): Promise<EvidenceRetentionResult> {
  const result: EvidenceRetentionResult = { deleted: 0, held: 0, filesRemoved: 0 };
  if (retentionDays === 0) return result;
  const before = now - retentionDays * DAY_MS;
  const holds = [...(await ledger.activeHolds()), ...extraHolds];
  for (let after = 0; ;) {
    const batch = await ledger.capturesBefore(before, after, BATCH);
    if (batch.length === 0) break;
    for (const capture of batch) {
      if (isHeld(capture, holds)) {
        result.held++;
        continue;
      }
      const shas = captureFiles(capture);
      const decided: RetentionDeleteDetails['files'] = [];
      for (const sha256 of shas) decided.push({ sha256, removed: !(await ledger.isFileLive(sha256, capture.seq)) });
      // The entry first: a crash before the unlink leaves an unreferenced file, never an unexplained gap.
      await ledger.append({
        kind: 'retention-delete',
        recordedAt: now,
        pageId: capture.pageId,
        checkId: capture.checkId,
        url: capture.url,
        observedAt: capture.observedAt,
        refersToSeq: capture.seq,
        evidenceSha256: null,
        details: { reason: `older than evidence.retentionDays (${retentionDays})`, files: decided },
      });
      for (const file of decided)
        if (file.removed && (await files.deleteIfIdle(file.sha256, GRACE_MS, now))) result.filesRemoved++;
      result.deleted++;
    }
    after = batch[batch.length - 1]!.seq;
  }
  return result;
}
