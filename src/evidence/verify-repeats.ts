/**
 * verify's check of `repeat` entries: each must name a capture that exists in the ledger, whose WARC
 * hash is the one the repeat gives, and which recorded the same body. The repeat's own hash chain is
 * checked with every entry; the WARC file itself is re-hashed as one of the repeat's files.
 */
import type { EvidenceStore } from './evidence-store.ts';
import type { CaptureDetails, LedgerEntry, RepeatDetails } from './types.ts';

/** What the walk keeps of each repeat (not the whole entry: a long defacement has many). */
export interface RepeatLink {
  seq: number;
  refersToSeq: number | null;
  evidenceSha256: string | null;
  warcSha256: unknown;
  bodySha256: unknown;
  /** False: the repeat says its body differed (the same finding); only the WARC must match. */
  sameBytes: boolean;
}

export function repeatLink(entry: LedgerEntry): RepeatLink {
  let details: Partial<RepeatDetails> = {};
  try {
    details = JSON.parse(entry.details) as Partial<RepeatDetails>;
  } catch {
    // Unreadable details are reported by the walk; the link check below then names the mismatch too.
  }
  return {
    seq: entry.seq,
    refersToSeq: entry.refersToSeq,
    evidenceSha256: entry.evidenceSha256,
    warcSha256: details.repeats?.warcSha256,
    bodySha256: details.bodySha256,
    sameBytes: details.sameBytes !== false,
  };
}

interface Repeated {
  kind: string;
  warcSha256: string | null;
  bodySha256: unknown;
}

function mismatch(link: RepeatLink, target: Repeated | null): string | null {
  const at = `#${link.refersToSeq ?? '?'}`;
  if (target === null) return `it repeats entry ${at}, which is not in the ledger`;
  if (target.kind !== 'capture') return `it repeats entry ${at}, which is a ${target.kind} entry, not a capture`;
  if (link.evidenceSha256 !== target.warcSha256 || link.warcSha256 !== target.warcSha256)
    return `it names WARC ${String(link.warcSha256)}, but capture ${at} recorded ${target.warcSha256 ?? 'none'}`;
  if (link.sameBytes && link.bodySha256 !== target.bodySha256)
    return `it says it saw body ${String(link.bodySha256)}, but capture ${at} recorded ${String(target.bodySha256)}`;
  return null;
}

export async function checkRepeats(
  ledger: EvidenceStore,
  links: readonly RepeatLink[],
): Promise<{ kind: 'repeat'; seq: number; message: string }[]> {
  const problems: { kind: 'repeat'; seq: number; message: string }[] = [];
  const targets = new Map<number, Repeated | null>();
  for (const link of links) {
    let target: Repeated | null = null;
    if (link.refersToSeq !== null) {
      if (!targets.has(link.refersToSeq)) {
        const entry = await ledger.entry(link.refersToSeq);
        let body: unknown;
        try {
          body = entry ? (JSON.parse(entry.details) as Partial<CaptureDetails>).bodySha256 : undefined;
        } catch {
          body = undefined;
        }
        targets.set(
          link.refersToSeq,
          entry && { kind: entry.kind, warcSha256: entry.evidenceSha256, bodySha256: body },
        );
      }
      target = targets.get(link.refersToSeq) ?? null;
    }
    const wrong = mismatch(link, target);
    if (wrong !== null) problems.push({ kind: 'repeat', seq: link.seq, message: `repeat #${link.seq}: ${wrong}` });
  }
  return problems;
}
