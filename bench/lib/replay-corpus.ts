/**
 * The corpus cases replayed through one tree's `assess` as the watch would meet them (each case's
 * history, then its current version): every changed body is kept with the baseline it was judged
 * against and the model `assess` built. Shared by bench:analysis's runner and judge-pair, which time
 * analysis and judgement on these bodies. Decoding uses this tree's decoder (it belongs to the fetch).
 */
import { readFileSync } from 'node:fs';
import { sha256Digest } from '../../src/analysis/script-digest.ts';
import { readCorpora } from '../../src/evaluation/corpora.ts';
import { decodeHtml } from '../../src/fetch/decode.ts';

export interface ReplayedBody {
  html: string;
  url: string;
  baseline: unknown;
  model: unknown;
  bytes: number;
}

/** A tree's `assess`, typed loosely: the tree may be older or newer than this one. */
export type LooseAssess = (
  obs: unknown,
  prior: { baseline: unknown; previous: unknown },
  o: { minSamples: number; scriptDigest: (text: string) => string },
) => { verdict: unknown; baseline: unknown; model: unknown };

export function replayChangedBodies(assess: LooseAssess, dirs: readonly string[], minSamples: number): ReplayedBody[] {
  const read = readCorpora(dirs);
  if (!read.ok) throw new Error(read.message);
  const bodies: ReplayedBody[] = [];
  for (const c of read.cases) {
    let baseline: unknown = null;
    let previous: unknown = null;
    let lastBody: Buffer | null = null;
    for (const file of [...c.history, c.current]) {
      const body = readFileSync(file);
      const same = lastBody !== null && body.equals(lastBody);
      const html = same ? '' : decodeHtml(body, c.contentType).text;
      const obs = { kind: 'page', requestedUrl: c.url, finalUrl: c.url, html, sameBodyAsLast: same };
      const r = assess(obs, { baseline, previous }, { minSamples, scriptDigest: sha256Digest });
      if (r.model) bodies.push({ html, url: c.url, baseline, model: r.model, bytes: body.length });
      if (r.baseline !== undefined) baseline = r.baseline;
      previous = r.verdict;
      lastBody = body;
    }
  }
  return bodies;
}
