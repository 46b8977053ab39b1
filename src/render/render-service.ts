/**
 * The rendering service the rest of Mamori uses: one browser pool with the in-page probe installed,
 * and `renderModel`, which turns a render into the same `PageModel` the static analysis builds, so the
 * same detectors and verdicts judge what visitors see.
 */
import { inlineAnalyser } from '../analysis/inline-analyser.ts';
import type { AnalysisOutcome, Analyser } from '../analysis/types.ts';
import { analysePage, type AnalyseOptions } from '../core/analyse.ts';
import type { PageModel } from '../core/page-model.ts';
import type { DnsLookupAll } from '../fetch/ssrf-guard.ts';
import type { NetworkPolicy } from '../fetch/types.ts';
import { BrowserPool, type PoolStats } from './browser-pool.ts';
import { inPageScript } from './in-page/in-page.ts';
import { renderPage, type RenderRequest, type RenderResult, type RenderSettings } from './renderer.ts';

export interface RenderServiceOptions {
  executablePath: string;
  concurrency: number;
  timeoutMs: number;
  recyclePagesAfter: number;
  restartBrowserAfter: number;
  policy: NetworkPolicy;
  /** Name resolution for the guarded requests (tests map names); system DNS by default. */
  resolve?: DnsLookupAll;
  maxRequests?: number;
  maxBytes?: number;
  quietMs?: number;
  settleBudgetMs?: number;
  maxAttempts?: number;
  viewport?: { width: number; height: number };
  /** Where the rendered DOM is analysed (`renderAnalysed`): the app's worker pool; inline when absent. */
  analyser?: Analyser;
}

/** A render and its analysis, which may have run out of the analysis limits (a hostile DOM). */
export interface AnalysedRender {
  result: RenderResult;
  analysis: AnalysisOutcome<PageModel>;
}

export interface RenderedPage {
  result: RenderResult;
  /** The page model of the document after scripts, visibility as the browser computed it. */
  model: PageModel;
}

const MiB = 1024 * 1024;

export class RenderService {
  readonly pool: BrowserPool;
  private readonly settings: RenderSettings;
  private readonly analyser: Analyser;

  constructor(options: RenderServiceOptions) {
    this.analyser = options.analyser ?? inlineAnalyser;
    const script = inPageScript({ shortTimerMs: 1500 });
    this.settings = {
      globalName: script.globalName,
      quietMs: options.quietMs ?? 120,
      settleBudgetMs: options.settleBudgetMs ?? 4000,
      maxHtmlChars: 8 * MiB,
      maxScreenshotHeight: 8000,
    };
    this.pool = new BrowserPool({
      executablePath: options.executablePath,
      concurrency: options.concurrency,
      timeoutMs: options.timeoutMs,
      recyclePagesAfter: options.recyclePagesAfter,
      restartBrowserAfter: options.restartBrowserAfter,
      maxAttempts: options.maxAttempts ?? 3,
      initScripts: [script.source],
      ...(options.viewport ? { viewport: options.viewport } : {}),
      network: {
        policy: options.policy,
        connectTimeoutMs: 10_000,
        headersTimeoutMs: 15_000,
        maxRequests: options.maxRequests ?? 300,
        maxBytes: options.maxBytes ?? 32 * MiB,
        maxResourceBytes: 10 * MiB,
        maxRedirects: 5,
        ...(options.resolve ? { resolve: options.resolve } : {}),
      },
    });
  }

  render(request: RenderRequest): Promise<RenderResult> {
    return renderPage(this.pool, request, this.settings);
  }

  /** Renders and analyses: the rendered view as a PageModel. Rejects with a RenderError. */
  async renderModel(request: RenderRequest): Promise<RenderedPage> {
    const result = await this.render(request);
    return { result, model: modelOfRender(result) };
  }

  /** Renders, then analyses in the analyser (off this thread, within its limits). Rejects with a RenderError. */
  async renderAnalysed(request: RenderRequest): Promise<AnalysedRender> {
    const result = await this.render(request);
    const analysis = await this.analyser.run({
      kind: 'analyse',
      html: result.html,
      url: result.finalUrl,
      options: renderedOptions(result),
    });
    if (analysis.ok) analysis.value.url = result.requestedUrl;
    return { result, analysis };
  }

  stats(): PoolStats {
    return this.pool.stats();
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/**
 * The rendered document analysed as the static path would, except that visibility comes from the
 * browser. Links resolve against the address the document ended on (scripts may have changed it),
 * but the model keeps the requested address so it is judged against the page's own baseline.
 */
export function modelOfRender(result: RenderResult): PageModel {
  const model = analysePage(result.html, result.finalUrl, renderedOptions(result));
  model.url = result.requestedUrl;
  return model;
}

function renderedOptions(result: RenderResult): AnalyseOptions {
  return { rendered: true, offsiteNavigations: result.offsiteNavigations };
}
