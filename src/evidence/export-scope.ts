/** Which ledger entries an export (or the incident view) covers. */
import type { EvidenceStore } from './evidence-store.ts';
import type { ExportScope, LedgerEntry } from './types.ts';

/**
 * The captures and repeats of the window; each capture a repeat points at (once, even from before the
 * window); for an incident also each page's last capture before it opened, so the bundle shows the
 * page as it was before, not only as it became.
 */
export async function capturesInScope(
  ledger: EvidenceStore,
  scope: ExportScope,
  query: Parameters<EvidenceStore['liveCaptures']>[0],
): Promise<LedgerEntry[]> {
  const inWindow = await ledger.liveCaptures({ ...query, repeats: true });
  const bySeq = new Map(inWindow.map((e) => [e.seq, e]));
  if (scope.kind === 'incident') {
    for (const pageId of scope.pageIds) {
      const last = await ledger.lastLiveCaptureBefore(pageId, scope.from);
      if (last) bySeq.set(last.seq, last);
    }
  }
  for (const e of inWindow) {
    if (e.kind !== 'repeat' || e.refersToSeq === null || bySeq.has(e.refersToSeq)) continue;
    const repeated = await ledger.entry(e.refersToSeq);
    if (repeated?.kind === 'capture') bySeq.set(repeated.seq, repeated);
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
