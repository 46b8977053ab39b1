import { readFileSync } from 'node:fs';
import type { Baseline } from '../core/baseline.ts';
import type { Verdict } from '../core/verdict.ts';
import { createFetcher } from '../fetch/undici-fetcher.ts';
import { systemClock } from '../pipeline/clock.ts';
import { HostGate } from '../watch/host-gate.ts';
import { Prober, judgeProbe } from '../watch/probe.ts';
import { CaseServer } from './case-server.ts';
import type { CorpusCase } from './corpus.ts';
import type { CaseResult, SpeedFigures } from './tally.ts';
import { timeStages, type SpeedSample } from './speed.ts';

export interface DetectBenchOptions {
  minSamples: number;
  onProgress?: (done: number, total: number) => void;
  /** Warm passes over the changed bodies to time analysis and judgement apart (0 skips them). */
  speedPasses?: number;
}

/**
 * Run every case through the real pipeline: each history version, then the current one, is served by a
 * loopback server at the case's URL path and fetched, decoded, analysed and judged exactly as a watched
 * page would be. Host names resolve to the loopback server, so the page keeps its real host.
 */
export async function runDetectBench(
  cases: readonly CorpusCase[],
  options: DetectBenchOptions,
): Promise<{ results: CaseResult[]; speed: SpeedFigures }> {
  const server = new CaseServer();
  await server.start();
  const fetcher = createFetcher({
    limits: {
      connectTimeoutMs: 5000,
      headersTimeoutMs: 10_000,
      totalTimeoutMs: 30_000,
      maxBodyBytes: 10 << 20,
      maxDecodedBytes: 32 << 20,
      maxRedirects: 10,
    },
    policy: { allowLoopback: true, allowPrivate: false, allowCidrs: [] },
    userAgent: 'Mamori-bench',
    resolve: (_hostname, _options, callback) => callback(null, [{ address: '127.0.0.1', family: 4 }]),
  });
  const prober = new Prober(
    fetcher,
    new HostGate({ perHostConcurrency: 1, minSpacingMs: 0 }, systemClock),
    systemClock,
  );
  const results: CaseResult[] = [];
  const pipeline: AnalysisTime = { ms: 0, bytes: 0 };
  const samples: SpeedSample[] = [];
  try {
    for (const c of cases) {
      results.push(await runCase(c, server, prober, options.minSamples, pipeline, samples));
      options.onProgress?.(results.length, cases.length);
    }
  } finally {
    await fetcher.close();
    await server.close();
  }
  const stages = timeStages(samples, options.minSamples, options.speedPasses ?? 3);
  return { results, speed: { pipeline, stages } };
}

/** Wall time spent in `judgeProbe` on changed bodies during the run (decoding excluded), and their size. */
export interface AnalysisTime {
  ms: number;
  bytes: number;
}

async function runCase(
  c: CorpusCase,
  server: CaseServer,
  prober: Prober,
  minSamples: number,
  pipeline: AnalysisTime,
  samples: SpeedSample[],
): Promise<CaseResult> {
  const started = performance.now();
  let baseline: Baseline | null = null;
  let lastBodySha256: string | null = null;
  let previous: Verdict | null = null;
  for (const file of [...c.history, c.current]) {
    const url = server.serve(c.url, c.contentType, readFileSync(file));
    const probe = await prober.probe(url);
    // Decoding belongs to the fetch stage, but a body seen before is decoded lazily, when judgement
    // reads it: read it here, before the clock starts (as judgeProbe would: not for an unchanged body).
    const sameBody = probe.bodySha256 !== null && probe.bodySha256 === lastBodySha256;
    const html = probe.fetch.ok && !sameBody ? probe.fetch.page.text : '';
    const judged = performance.now();
    const assessment = judgeProbe(url, probe, { baseline, lastBodySha256 }, previous, minSamples);
    if (assessment.model && probe.fetch.ok) {
      pipeline.ms += performance.now() - judged;
      pipeline.bytes += probe.body?.length ?? 0;
      samples.push({ html, url: probe.fetch.page.finalUrl, baseline, bytes: probe.body?.length ?? 0 });
    }
    if (assessment.baseline !== undefined) baseline = assessment.baseline;
    lastBodySha256 = probe.fetch.ok ? probe.bodySha256 : null;
    previous = assessment.verdict;
  }
  const verdict = previous ?? { kind: 'down' as const, reasons: [] };
  return {
    id: c.id,
    label: c.label,
    kind: c.kind,
    verdict: verdict.kind,
    reasons: verdict.reasons,
    ms: performance.now() - started,
  };
}
