/**
 * The evidence of an incident as the console lists it: one record per file of each capture in the
 * incident's scope (its pages, its window, and each page's last capture before it opened, as export
 * takes them), with the ledger entry that vouches for it and whether that entry still links into the
 * chain (its own hash, and its predecessor's).
 */
import { checkLink } from './chain.ts';
import type { EvidenceStore } from './evidence-store.ts';
import { capturesInScope } from './export.ts';
import type { CaptureDetails, EvidenceRole, IncidentWindow } from './types.ts';

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
  for (const entry of entries) {
    const previous = entry.seq > 1 ? await ledger.entry(entry.seq - 1) : null;
    const chainVerified = (entry.seq === 1 || previous !== null) && checkLink(previous, entry).length === 0;
    const details = JSON.parse(entry.details) as CaptureDetails;
    details.files.forEach((file, i) => {
      records.push({
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
      });
    });
  }
  return records;
}
