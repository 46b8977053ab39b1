/**
 * The text/DOM diff of two versions of a page, shared by the check diff (a check against the version
 * before) and the page history (any two versions): each stored body is re-analysed in the analysis
 * pool within its limits, the visible text blocks are aligned, the churn the page's baseline expects
 * is marked, and the `to` check's inserted elements are named. A body that cannot be analysed in time
 * answers 422 (the page is the problem) or 503 (the pool could not run it), never a 500.
 */
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { inlineAnalyser } from '../analysis/inline-analyser.ts';
import type { AnalysisLimit, Analyser } from '../analysis/types.ts';
import { analysisLimitReason } from '../core/analysis-limit.ts';
import { explainChurn } from '../core/churn.ts';
import type { TextBlock } from '../core/page-model.ts';
import { diffTextBlocks } from '../core/text-diff.ts';
import { decodeHtml } from '../fetch/decode.ts';
import type { BlobStore } from '../store/blob-store.ts';
import type { Check, Page } from '../store/types.ts';
import { evidenceCorrupted, readEvidence } from './evidence-corrupted.ts';

export const DiffBlockSchema = z.object({
  op: z.enum(['same', 'added', 'removed']),
  path: z.string(),
  text: z.string(),
  hidden: z.string().nullable(),
  expected: z
    .boolean()
    .openapi({ description: 'Churn the baseline expects (a volatile region, a known shape): shown muted' }),
});
export const InsertedSchema = z.object({
  code: z.string(),
  severity: z.string(),
  message: z.string(),
  selector: z.string().nullable(),
  snippet: z.string().nullable(),
  url: z.string().nullable(),
});

/** A body that could not be analysed: the reason the diff is missing, for the console to show. */
export class DiffUnavailable {
  constructor(
    readonly limit: AnalysisLimit,
    readonly detail: string,
  ) {}
}

/** The page's own size or shape exceeded the limits (422); an analysis that could not run may pass (503). */
export function diffUnavailable(c: Context, why: DiffUnavailable) {
  if (why.limit === 'unavailable')
    return c.json(
      { error: 'analysis_unavailable', message: `The body was not analysed (${why.detail}); try again.` },
      503,
    );
  return c.json(
    { error: 'analysis_limit', message: `${analysisLimitReason(why.detail).message} No diff can be shown.` },
    422,
  );
}

export interface DiffDeps {
  /** Page bodies. */
  bodies: BlobStore;
  /** The app's worker pool; inline when absent (tests). */
  analyser?: Analyser;
}

export type VersionDiff = ReturnType<typeof diffTextBlocks>;

/** A check's visible text blocks; null when its body is not kept. */
async function blocksOf(deps: DiffDeps, check: Check, url: string): Promise<TextBlock[] | null | DiffUnavailable> {
  const body = check.bodyKept && check.bodySha256 ? await deps.bodies.get(check.bodySha256) : null;
  if (body === null) return null;
  const html = decodeHtml(body, check.charset ? `text/html; charset=${check.charset}` : null).text;
  // In the analysis pool, within its limits: a hostile body must not stall the API's thread.
  const outcome = await (deps.analyser ?? inlineAnalyser).run({ kind: 'analyse', html, url, options: {} });
  return outcome.ok ? outcome.value.textBlocks : new DiffUnavailable(outcome.limit, outcome.detail);
}

/**
 * `from` (null: no earlier version kept) against `to`, as the console shows it; or the error answer
 * (409 damaged body, 422/503 over the analysis limits) for the handler to return.
 */
export async function diffVersions(
  c: Context,
  deps: DiffDeps,
  page: Page,
  versions: { from: Check | null; to: Check },
) {
  const read = await readEvidence(async () => {
    const current = (await blocksOf(deps, versions.to, page.url)) ?? [];
    const baseline = versions.from ? await blocksOf(deps, versions.from, page.url) : null;
    return { current, baseline };
  });
  if ('corrupted' in read) return { ok: false as const, error: evidenceCorrupted(c, 'page body') };
  const { current, baseline } = read.value;
  if (current instanceof DiffUnavailable) return { ok: false as const, error: diffUnavailable(c, current) };
  if (baseline instanceof DiffUnavailable) return { ok: false as const, error: diffUnavailable(c, baseline) };
  const diff = diffTextBlocks(baseline, current, versions.to.reasons);
  // Churn the page's learnt baseline expects (dates, counters) is marked so the console mutes it.
  return { ok: true as const, diff: { ...diff, blocks: explainChurn(diff.blocks, current, page.baseline) } };
}
