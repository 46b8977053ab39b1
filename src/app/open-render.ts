/**
 * Wires the rendering step from the configuration, or says why there is none. The browser itself
 * starts lazily on the first render, so commands that check nothing never launch it.
 */
import type { Logger } from 'pino';
import type { MamoriConfig } from '../config/schema.ts';
import type { BlobStore } from '../store/blob-store.ts';
import type { DatabaseHandle } from '../store/database.ts';
import type { Fetcher } from '../fetch/types.ts';
import type { Analyser } from '../analysis/types.ts';
import { executableProblem, unavailableAdvice } from '../render/browser-launch.ts';
import { RenderService } from '../render/render-service.ts';
import { RenderStage } from '../render/render-stage.ts';
import { RenderStateStore } from '../render/render-state-store.ts';

const HOUR_MS = 3_600_000;

/** The rendering step, or null (render.enabled is false, or Chromium is missing: one warning). */
export interface RenderStageOptions {
  fetcher?: Fetcher;
  /** Pages rendered on every check (heightened watch), when `intel.renderOnHeightened`. */
  isHeightened?: (page: { siteId: number }) => boolean;
  /** Where rendered DOMs and cloaking copies are analysed (the app's worker pool); inline when absent. */
  analyser?: Analyser;
}

export async function openRenderStage(
  config: MamoriConfig,
  handle: DatabaseHandle,
  blobs: BlobStore,
  log: Logger,
  options: RenderStageOptions = {},
): Promise<RenderStage | null> {
  const settings = config.render;
  if (!settings.enabled) return null;
  const problem = await executableProblem(settings.executablePath);
  if (problem) {
    log.warn(`Chromium is not available (${problem}): checks run static-only; ${unavailableAdvice()}`);
    return null;
  }
  const service = new RenderService({
    executablePath: settings.executablePath,
    concurrency: settings.concurrency,
    timeoutMs: settings.timeoutMs,
    recyclePagesAfter: settings.recyclePagesAfter,
    restartBrowserAfter: settings.restartBrowserAfter,
    policy: { ...config.network, allowCidrs: [...config.network.allowCidrs] },
    ...(options.analyser ? { analyser: options.analyser } : {}),
  });
  return new RenderStage({
    service,
    states: new RenderStateStore(handle),
    blobs,
    log,
    minSamples: config.baseline.minSamples,
    deepIntervalMs: settings.deepIntervalHours * HOUR_MS,
    concurrency: settings.concurrency,
    ...(options.fetcher ? { fetcher: options.fetcher } : {}),
    ...(options.analyser ? { analyser: options.analyser } : {}),
    ...(options.isHeightened && config.intel.renderOnHeightened
      ? {
          heightened: {
            isHeightened: options.isHeightened,
            renderEveryMs: config.intel.heightenedIntervalSeconds * 1000,
          },
        }
      : {}),
  });
}
