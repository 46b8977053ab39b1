/**
 * `mamori probe` assembled from config: the watch's fetcher and SSRF guard, per-host politeness in
 * this process, and the runner that leases jobs from the server's API. No database, no Redis.
 */
import type { Logger } from 'pino';
import type { MamoriConfig } from '../config/schema.ts';
import { systemClock } from '../pipeline/clock.ts';
import { ProbeRunner } from '../vantage/probe-runner.ts';
import { HostGate } from '../watch/host-gate.ts';
import { configuredFetcher } from './runtime.ts';

export interface Probe {
  runner: ProbeRunner;
  close(): Promise<void>;
}

export function openProbe(config: MamoriConfig, target: { api: string; vantage: string }, log: Logger): Probe {
  const fetcher = configuredFetcher(config);
  const runner = new ProbeRunner({
    api: target.api,
    vantage: target.vantage,
    token: config.vantage.probeToken,
    fetcher,
    gate: new HostGate(config.politeness, systemClock),
    clock: systemClock,
    minSamples: config.baseline.minSamples,
    log: log.child({ vantage: target.vantage }),
  });
  return { runner, close: () => fetcher.close() };
}
