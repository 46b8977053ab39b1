/**
 * The evidence of an incident as the console lists it: one record per file of each capture in the
 * incident's scope (its pages, its window, and each page's last capture before it opened, as export
 * takes them), with the ledger entry that vouches for it and whether that entry still links into the
 * chain (its own hash, and its predecessor's).
 *
 * Checks that saw a capture's bytes again (`repeat` entries) are counted on the capture's records,
 * not listed: the view of a defacement that stays up for weeks stays the size of its captures.
 */
import { checkLink } from './chain.ts';
import type { EvidenceStore } from './evidence-store.ts';
import { capturesInScope } from './export-scope.ts';
import { summariseRepeats, type RepeatSummary } from './repeat-summary.ts';
import type {
  CaptureDetails,
  EvidenceFileRef,
  EvidenceRole,
  IncidentWindow,
  LedgerEntry,
  RepeatDetails,
} from './types.ts';

export interface EvidenceRecord {
  /** `<ledger seq>-<file index>`: stable for the life of the ledger. */
  id: string;
  ledgerSeq: number;
  checkId: number | null;
  pageId: number | null;
  url: string | null;
  /** When the check was made (epoch ms). */
  capturedAt: number | null;
  recordedAt: number;
  trigger: CaptureDetails['trigger'];
  kind: EvidenceRole;
  label: string;
  mediaType: string;
  sha256: string;
  size: number;
  chainVerified: boolean;
  /** Later checks in the incident's scope that saw the same bytes (0 on images and other entries). */
  repeats: number;
  /** When the last of them was made. */
  lastRepeatedAt: number | null;
}

/** Whether an entry's own hash and its link to the entry before both verify. */
export async function chainVerifiedAt(ledger: EvidenceStore, entry: LedgerEntry): Promise<boolean> {
  const previous = entry.seq > 1 ? await ledger.entry(entry.seq - 1) : null;
  return (entry.seq === 1 || previous !== null) && checkLink(previous, entry).length === 0;
}

/** One record per file the entry vouches for; `seen` counts the checks that repeated it. */
export function recordsOfEntry(
  entry: LedgerEntry,
  files: readonly EvidenceFileRef[],
  chainVerified: boolean,
  seen?: RepeatSummary,
): EvidenceRecord[] {
  const details = JSON.parse(entry.details) as CaptureDetails | RepeatDetails;
  return files.map((file, i) => ({
    id: `${entry.seq}-${i}`,
    ledgerSeq: entry.seq,
    checkId: entry.checkId,
    pageId: entry.pageId,
    url: entry.url,
    capturedAt: entry.observedAt,
    recordedAt: entry.recordedAt,
    trigger: details.trigger,
    kind: file.role,
    label: file.label,
    mediaType: file.mediaType,
    sha256: file.sha256,
    size: file.bytes,
    chainVerified,
    repeats: file.role === 'warc' ? (seen?.count ?? 0) : 0,
    lastRepeatedAt: file.role === 'warc' ? (seen?.lastObservedAt ?? null) : null,
  }));
}

export async function incidentEvidence(ledger: EvidenceStore, window: IncidentWindow): Promise<EvidenceRecord[]> {
  const scope = {
    kind: 'incident' as const,
    incidentId: window.id,
    pageIds: window.pageIds,
    from: window.from,
    to: window.to,
  };
  const entries = await capturesInScope(ledger, scope, { pageIds: window.pageIds, from: window.from, to: window.to });
  const records: EvidenceRecord[] = [];
  const repeats = summariseRepeats(entries);
  for (const entry of entries) {
    const details = JSON.parse(entry.details) as CaptureDetails | RepeatDetails;
    // A repeat that stored nothing new is only counted on its capture.
    if (details.files.length === 0) continue;
    const verified = await chainVerifiedAt(ledger, entry);
    records.push(...recordsOfEntry(entry, details.files, verified, repeats.get(entry.seq)));
  }
  return records;
}
