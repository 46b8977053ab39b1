/**
 * The text/DOM diff the console highlights: the visible text blocks of the baseline version and of
 * the current one, aligned (longest common subsequence on their text), and the elements the
 * verdict's reasons name as inserted. Pure: the caller analyses both bodies.
 */
import type { TextBlock } from './page-model.ts';
import type { Reason } from './verdict.ts';

export type DiffOp = 'same' | 'added' | 'removed';

export interface DiffLine {
  op: DiffOp;
  /** The block's element path in the version it comes from (the current one for `same`). */
  path: string;
  text: string;
  /** The block is hidden from visitors (how, when known): inserted hidden text is what to look at. */
  hidden: string | null;
}

export interface InsertedElement {
  code: string;
  severity: Reason['severity'];
  message: string;
  selector: string | null;
  snippet: string | null;
  url: string | null;
}

export interface TextDiff {
  blocks: DiffLine[];
  added: number;
  removed: number;
  inserted: InsertedElement[];
}

/** Above this many blocks on either side, the LCS table (n×m) would be too large: align by text only. */
const MAX_LCS_CELLS = 4_000_000;

function line(op: DiffOp, block: TextBlock): DiffLine {
  return {
    op,
    path: block.path,
    text: block.text,
    hidden: block.hidden === null ? null : describeHidden(block.hidden),
  };
}

function describeHidden(hidden: NonNullable<TextBlock['hidden']>): string {
  return `${hidden.technique} (${hidden.source})`;
}

function lcsAlign(a: readonly TextBlock[], b: readonly TextBlock[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  // table[i][j] = LCS length of a[i..] and b[j..], flattened.
  const table = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * (m + 1) + j] =
        a[i]!.text === b[j]!.text
          ? table[(i + 1) * (m + 1) + j + 1]! + 1
          : Math.max(table[(i + 1) * (m + 1) + j]!, table[i * (m + 1) + j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i]!.text === b[j]!.text) {
      out.push(line('same', b[j]!));
      i++;
      j++;
    } else if (table[(i + 1) * (m + 1) + j]! >= table[i * (m + 1) + j + 1]!) {
      out.push(line('removed', a[i++]!));
    } else {
      out.push(line('added', b[j++]!));
    }
  }
  while (i < n) out.push(line('removed', a[i++]!));
  while (j < m) out.push(line('added', b[j++]!));
  return out;
}

/** For very large pages: blocks whose text the other side lacks, in page order, without alignment. */
function setAlign(a: readonly TextBlock[], b: readonly TextBlock[]): DiffLine[] {
  const before = new Set(a.map((x) => x.text));
  const after = new Set(b.map((x) => x.text));
  return [
    ...a.filter((x) => !after.has(x.text)).map((x) => line('removed', x)),
    ...b.map((x) => line(before.has(x.text) ? 'same' : 'added', x)),
  ];
}

export function diffTextBlocks(
  baseline: readonly TextBlock[] | null,
  current: readonly TextBlock[],
  reasons: readonly Reason[],
): TextDiff {
  const before = baseline ?? [];
  const lines =
    (before.length + 1) * (current.length + 1) <= MAX_LCS_CELLS ? lcsAlign(before, current) : setAlign(before, current);
  const inserted = reasons
    .filter((r) => r.evidence?.selector !== undefined || r.evidence?.snippet !== undefined)
    .map((r) => ({
      code: r.code,
      severity: r.severity,
      message: r.message,
      selector: r.evidence?.selector ?? null,
      snippet: r.evidence?.snippet ?? null,
      url: r.evidence?.url ?? null,
    }));
  return {
    blocks: lines,
    added: lines.filter((l) => l.op === 'added').length,
    removed: lines.filter((l) => l.op === 'removed').length,
    inserted,
  };
}
