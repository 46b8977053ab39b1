/**
 * The detection bench through the browser (`mamori bench detect <corpus> --render`). Each version of
 * each case is fetched and judged statically exactly as in detect-bench.ts, and also rendered in
 * Chromium and judged against the case's rendered baseline; the case's verdict is the two views merged
 * as the check pipeline merges them (a worse, alarming rendered verdict wins).
 *
 * Captured pages are hostile: every request they make stays on loopback. Only the host names of the
 * cases being served resolve (to 127.0.0.1); any other name fails to resolve, so nothing reaches
 * another address, and the browser's own traffic dies at the pool's black-hole proxy.
 */
import { readFileSync } from 'node:fs';
import type { Baseline } from '../core/baseline.ts';
import { judgePage } from '../core/judge.ts';
import type { Verdict } from '../core/verdict.ts';
import type { DnsLookupAll } from '../fetch/ssrf-guard.ts';
import { createFetcher } from '../fetch/undici-fetcher.ts';
import { DEFAULT_EXECUTABLE_PATH } from '../render/browser-launch.ts';
import { mergeVerdicts } from '../render/render-stage.ts';
import { RenderService } from '../render/render-service.ts';
import { systemClock } from '../pipeline/clock.ts';
import { HostGate } from '../watch/host-gate.ts';
import { Prober, judgeProbe } from '../watch/probe.ts';
import { CaseServer } from './case-server.ts';
import type { CorpusCase } from './corpus.ts';
import type { AnalysisTime } from './detect-bench.ts';
import type { CaseResult } from './tally.ts';

export interface RenderBenchOptions {
  minSamples: number;
  /** Cases judged at once, each on its own loopback server (and browser page). */
  lanes: number;
  executablePath?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface RenderBenchRun {
  results: CaseResult[];
  analysis: AnalysisTime;
  renders: number;
  renderFailures: number;
  /** Renders per second of wall time over the whole run. */
  rendersPerSecond: number;
  /** Connections that reached the browser's black-hole proxy (traffic past interception): should be 0. */
  escapedConnections: number;
}

export async function runRenderDetectBench(
  cases: readonly CorpusCase[],
  options: RenderBenchOptions,
): Promise<RenderBenchRun> {
  const served = new Map<string, number>();
  const resolve: DnsLookupAll = (hostname, _options, callback) => {
    if ((served.get(hostname.toLowerCase()) ?? 0) > 0) callback(null, [{ address: '127.0.0.1', family: 4 }]);
    else callback(Object.assign(new Error(`${hostname} is not a case being served`), { code: 'ENOTFOUND' }), []);
  };
  const policy = { allowLoopback: true, allowPrivate: false, allowCidrs: [] };
  const fetcher = createFetcher({
    limits: {
      connectTimeoutMs: 5000,
      headersTimeoutMs: 10_000,
      totalTimeoutMs: 30_000,
      maxBodyBytes: 10 << 20,
      maxDecodedBytes: 32 << 20,
      maxRedirects: 10,
    },
    policy,
    userAgent: 'Mamori-bench',
    resolve,
  });
  const prober = new Prober(
    fetcher,
    new HostGate({ perHostConcurrency: options.lanes, minSpacingMs: 0 }, systemClock),
    systemClock,
  );
  const service = new RenderService({
    executablePath: options.executablePath ?? DEFAULT_EXECUTABLE_PATH,
    concurrency: options.lanes,
    timeoutMs: 30_000,
    recyclePagesAfter: 50,
    restartBrowserAfter: 1000,
    policy,
    resolve,
    settleBudgetMs: 3000,
  });
  const run = { renders: 0, renderFailures: 0 };
  const analysis: AnalysisTime = { ms: 0, bytes: 0 };
  const results: CaseResult[] = new Array<CaseResult>(cases.length);
  const started = performance.now();
  let next = 0;
  let done = 0;
  const lane = async (): Promise<void> => {
    const server = new CaseServer();
    await server.start();
    try {
      for (let i = next++; i < cases.length; i = next++) {
        const c = cases[i] as CorpusCase;
        const host = new URL(c.url).hostname.toLowerCase();
        served.set(host, (served.get(host) ?? 0) + 1);
        try {
          results[i] = await runCase(c, { server, prober, service, minSamples: options.minSamples, analysis, run });
        } finally {
          served.set(host, (served.get(host) ?? 1) - 1);
        }
        options.onProgress?.(++done, cases.length);
      }
    } finally {
      await server.close();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, options.lanes) }, lane));
  } finally {
    await fetcher.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const escapedConnections = await service.pool.escapedConnections();
  await service.close();
  return {
    results,
    analysis,
    ...run,
    rendersPerSecond: Math.round((run.renders / seconds) * 100) / 100,
    escapedConnections,
  };
}

interface CaseContext {
  server: CaseServer;
  prober: Prober;
  service: RenderService;
  minSamples: number;
  analysis: AnalysisTime;
  run: { renders: number; renderFailures: number };
}

async function runCase(c: CorpusCase, ctx: CaseContext): Promise<CaseResult> {
  const started = performance.now();
  let baseline: Baseline | null = null;
  let renderedBaseline: Baseline | null = null;
  let lastBodySha256: string | null = null;
  let previous: Verdict | null = null;
  for (const file of [...c.history, c.current]) {
    const url = ctx.server.serve(c.url, c.contentType, readFileSync(file));
    const probe = await ctx.prober.probe(url);
    const judged = performance.now();
    let assessment = judgeProbe(url, probe, { baseline, lastBodySha256 }, previous, ctx.minSamples);
    if (assessment.model) {
      ctx.analysis.ms += performance.now() - judged;
      ctx.analysis.bytes += probe.body?.length ?? 0;
    }
    // Every version is rendered: the history builds the rendered baseline, as enrolment and the deep
    // schedule do for a watched page.
    if (probe.fetch.ok && assessment.verdict.kind !== 'down') {
      try {
        const { model } = await ctx.service.renderModel({ url, screenshots: false });
        ctx.run.renders += 1;
        const rendered = judgePage(model, renderedBaseline, { minSamples: ctx.minSamples });
        if (rendered.learned) renderedBaseline = rendered.baseline;
        assessment = mergeVerdicts(assessment, rendered.verdict);
      } catch {
        ctx.run.renderFailures += 1; // the static verdict stands, as in the pipeline
      }
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
