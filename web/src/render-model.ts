/**
 * Reading the render, diff and capture answers into what the incident view shows. The answers are
 * typed by the server's routes; what is checked here is safety, not shape: every address handed to an
 * <img> or <iframe> is checked (screenshots only from this origin's /api/renders/, frames only http(s)).
 */
import type { CheckDiff, RenderSummary } from './api-types.ts';

export interface Screenshots {
  baseline: string | null;
  current: string | null;
  diff: string | null;
  /** Share of pixels that changed against the baseline (0..1), when the render measured it. */
  changedPixelRatio: number | null;
}

/** A render artefact reference (its digest, or a same-origin /api/renders/ URL) as a same-origin URL. */
export function renderUrl(ref: string | null): string | null {
  if (ref === null) return null;
  if (/^\/api\/renders\/[\w.-]+$/.test(ref)) return ref;
  if (/^[\w-]{1,128}$/.test(ref)) return `/api/renders/${ref}.png`;
  return null;
}

/** A file a ledger entry vouches for (a screenshot, a WARC): only this origin's /api/evidence/ paths. */
export function evidenceFileUrl(ref: string | null): string | null {
  return ref !== null && /^\/api\/evidence\/[1-9]\d{0,15}\/files\/[0-9a-f]{64}$/.test(ref) ? ref : null;
}

export function readScreenshots(body: RenderSummary): Screenshots {
  return {
    baseline: renderUrl(body.baselineScreenshot),
    current: renderUrl(body.current.viewport),
    diff: renderUrl(body.diffImage),
    changedPixelRatio: body.changedPixelRatio,
  };
}

export interface InsertedElement {
  path: string;
  snippet: string;
}

export interface TextBlock {
  kind: 'added' | 'removed' | 'same';
  text: string;
  path: string;
  /** Churn the baseline expects (dates, counters): shown muted, not in the injection's red. */
  expected: boolean;
  /** How the block is hidden from visitors, when it is: hidden inserted text is marked "hidden". */
  hidden: string | null;
}

export interface DiffView {
  inserted: InsertedElement[];
  blocks: TextBlock[];
}

export function readDiff<Body extends Pick<CheckDiff, 'blocks' | 'inserted'>>(body: Body): DiffView {
  return {
    inserted: body.inserted.flatMap((e) =>
      e.snippet === null ? [] : [{ path: e.selector ?? '', snippet: e.snippet }],
    ),
    blocks: body.blocks.map((b) => ({
      kind: b.op,
      text: b.text,
      path: b.path,
      expected: b.expected,
      hidden: b.hidden,
    })),
  };
}

/** A capture URL may only be http(s): never javascript:, data: or blob:, which would run in our origin. */
export function safeFrameUrl(value: string): string | null {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

export type DiffRow = TextBlock | { kind: 'gap'; count: number };

/**
 * The diff as a person reads it: every added and removed block, `context` unchanged blocks around
 * each, and the long unchanged runs between folded into one "n unchanged" row.
 */
export function condenseDiff(blocks: readonly TextBlock[], context = 2): DiffRow[] {
  const keep = blocks.map(() => false);
  blocks.forEach((b, i) => {
    if (b.kind === 'same') return;
    for (let j = Math.max(0, i - context); j <= Math.min(blocks.length - 1, i + context); j++) keep[j] = true;
  });
  const rows: DiffRow[] = [];
  let gap = 0;
  blocks.forEach((b, i) => {
    if (keep[i]) {
      if (gap > 0) rows.push({ kind: 'gap', count: gap });
      gap = 0;
      rows.push(b);
    } else gap += 1;
  });
  if (gap > 0) rows.push({ kind: 'gap', count: gap });
  return rows;
}
