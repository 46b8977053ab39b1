/**
 * A page's checks, newest first, each with what the custody ledger kept of it: the capture or the
 * repeat entry made for it (a repeat names the capture whose bytes it saw again), the viewport
 * screenshot and the WARC it vouches for. A check with the same body as the one before is marked, so
 * the timeline folds a defacement that stays up for weeks into one version.
 */
import { filesOfEntry } from '../evidence/entry-files.ts';
import type { EvidenceStore } from '../evidence/evidence-store.ts';
import type { LedgerEntry } from '../evidence/types.ts';
import type { VerdictKind } from '../core/verdict.ts';
import type { Check, EstateStore } from '../store/types.ts';

export interface CaptureItem {
  checkId: number;
  startedAt: number;
  verdict: VerdictKind;
  outcome: string;
  httpStatus: number | null;
  bodySha256: string | null;
  bodyKept: boolean;
  sameAsPrevious: boolean;
  /** Identical checks in a row this record stands for, and when the last of them started (migration 0023). */
  seenCount: number;
  lastSeenAt: number | null;
  screenshot: string | null;
  warc: string | null;
  ledger: {
    seq: number;
    kind: 'capture' | 'repeat';
    refersToSeq: number | null;
    entryHash: string;
    prevHash: string;
  } | null;
}

/** Where GET /api/evidence/{seq}/files/{sha256} serves a file an entry vouches for. */
export const evidenceFilePath = (seq: number, sha256: string) => `/api/evidence/${seq}/files/${sha256}`;

function itemOf(check: Check, older: Check | undefined, entry: LedgerEntry | undefined): CaptureItem {
  const files = entry ? filesOfEntry(entry) : [];
  const list = typeof files === 'string' ? [] : files;
  const shots = list.filter((f) => f.role === 'screenshot');
  // The viewport is the thumbnail; a full-page screenshot only when it is the one kept.
  const shot = shots.find((f) => !/full/i.test(f.label)) ?? shots[0];
  const warc = list.find((f) => f.role === 'warc');
  return {
    checkId: check.id,
    startedAt: check.startedAt,
    verdict: check.verdict,
    outcome: check.outcome,
    httpStatus: check.httpStatus,
    bodySha256: check.bodySha256,
    bodyKept: check.bodyKept && check.bodySha256 !== null,
    sameAsPrevious: older !== undefined && check.bodySha256 !== null && older.bodySha256 === check.bodySha256,
    seenCount: check.seenCount,
    lastSeenAt: check.lastSeenAt,
    screenshot: entry && shot ? evidenceFilePath(entry.seq, shot.sha256) : null,
    warc: entry && warc ? evidenceFilePath(entry.seq, warc.sha256) : null,
    ledger:
      entry && (entry.kind === 'capture' || entry.kind === 'repeat')
        ? {
            seq: entry.seq,
            kind: entry.kind,
            refersToSeq: entry.refersToSeq,
            entryHash: entry.entryHash,
            prevHash: entry.prevHash,
          }
        : null,
  };
}

export async function pageCaptures(
  store: EstateStore,
  ledger: EvidenceStore,
  pageId: number,
  query: { limit: number; before?: number | undefined },
): Promise<{ items: CaptureItem[]; nextBefore: number | null }> {
  // One more than asked: the oldest listed check is compared with the one before it.
  const checks = await store.listChecks(pageId, {
    limit: query.limit + 1,
    ...(query.before !== undefined ? { beforeId: query.before } : {}),
  });
  const shown = checks.slice(0, query.limit);
  const first = shown[shown.length - 1];
  const last = shown[0];
  const entries =
    first && last
      ? // The newest record may stand for checks up to its last sight: their entries belong to it too.
        await ledger.liveCaptures({
          pageIds: [pageId],
          from: first.startedAt,
          to: last.lastSeenAt ?? last.startedAt,
          repeats: true,
        })
      : [];
  const byCheck = new Map<number, LedgerEntry>();
  for (const e of entries) if (e.checkId !== null) byCheck.set(e.checkId, e);
  return {
    items: shown.map((check, i) => itemOf(check, checks[i + 1], byCheck.get(check.id))),
    nextBefore: checks.length > query.limit && first ? first.id : null,
  };
}
