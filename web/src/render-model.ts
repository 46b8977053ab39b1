/**
 * Reading the render, diff and evidence answers into what the incident view shows. They are read
 * defensively (the endpoints are younger than the view), and every address handed to an <img> or
 * <iframe> is checked: screenshots only from this origin's /api/renders/, frames only http(s).
 */

export interface Screenshots {
  baseline: string | null;
  current: string | null;
  diff: string | null;
  /** Share of pixels that changed against the baseline (0..1), when the render measured it. */
  changedPixelRatio: number | null;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** A render artefact reference (id, `{id}`, or a same-origin /api/renders/ URL) as a same-origin URL. */
export function renderUrl(ref: unknown): string | null {
  if (typeof ref === 'number' && Number.isInteger(ref) && ref > 0) return `/api/renders/${ref}.png`;
  if (typeof ref === 'string') {
    if (/^\/api\/renders\/[\w.-]+$/.test(ref)) return ref;
    if (/^[\w-]{1,128}$/.test(ref)) return `/api/renders/${ref}.png`;
    return null;
  }
  const rec = asRecord(ref);
  if (rec) return renderUrl(rec.url ?? rec.id ?? rec.screenshotId ?? rec.viewport ?? rec.fullPage);
  return null;
}

export function readScreenshots(body: unknown): Screenshots {
  const rec = asRecord(body) ?? {};
  const baseline = asRecord(rec.baseline);
  const current = asRecord(rec.current);
  return {
    baseline: renderUrl(
      rec.baselineScreenshotId ??
        rec.baselineScreenshot ??
        baseline?.viewport ??
        baseline?.screenshotId ??
        rec.baseline,
    ),
    current: renderUrl(
      rec.viewportScreenshot ??
        rec.screenshotId ??
        rec.currentScreenshotId ??
        rec.screenshot ??
        current?.viewport ??
        current?.screenshotId ??
        rec.current ??
        rec.viewport,
    ),
    diff: renderUrl(rec.diffImageId ?? rec.diffId ?? rec.diffImage ?? rec.diff),
    changedPixelRatio: typeof rec.changedPixelRatio === 'number' ? rec.changedPixelRatio : null,
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
}

export interface DiffView {
  inserted: InsertedElement[];
  blocks: TextBlock[];
}

export function readDiff(body: unknown): DiffView {
  const rec = asRecord(body) ?? {};
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const inserted = list(rec.inserted ?? rec.insertedElements ?? rec.elements).flatMap((e) => {
    const r = asRecord(e);
    if (!r) return [];
    const snippet = r.snippet ?? r.html ?? r.outerHTML ?? r.text;
    return typeof snippet === 'string' ? [{ path: stringOr(r.path ?? r.selector, ''), snippet }] : [];
  });
  const blocks = list(rec.lines ?? rec.blocks ?? rec.textBlocks).flatMap((b): TextBlock[] => {
    const r = asRecord(b);
    if (!r) return [];
    const text = r.text ?? r.value;
    if (typeof text !== 'string') return [];
    const raw = stringOr(r.kind ?? r.change ?? r.op ?? r.type, 'same');
    const kind =
      raw.startsWith('add') || raw === 'insert' || raw === 'inserted' || raw === 'new'
        ? 'added'
        : raw.startsWith('remov') || raw === 'delete' || raw === 'deleted' || raw === 'gone'
          ? 'removed'
          : 'same';
    return [{ kind, text, path: stringOr(r.path ?? r.selector, '') }];
  });
  return { inserted, blocks };
}

/** A capture URL may only be http(s): never javascript:, data: or blob:, which would run in our origin. */
export function safeFrameUrl(body: unknown): string | null {
  const rec = asRecord(body);
  // GET /api/checks/{id}/capture-url: `html` is the page under the capture origin's sandbox CSP.
  const value = rec ? (rec.html ?? rec.url) : body;
  if (typeof value !== 'string') return null;
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

function stringOr(v: unknown, fallback: string): string {
  return typeof v === 'string' ? v : fallback;
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
