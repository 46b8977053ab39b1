/**
 * Several vantage points wired from config (docs/vantage-points.md). With `vantage.probes` empty the
 * incident stage is the check observer as before and no probe route is served. With probes, the
 * incident stage sits behind the confirmation (ConfirmingObserver), the probe protocol's service is
 * built for the API, and a sweep decides held alarms again (reports that reached another process,
 * alarms past `vantage.confirmWithinSeconds`).
 */
import type { Logger } from 'pino';
import type { MamoriConfig } from '../config/schema.ts';
import type { CheckObserver } from '../pipeline/check-event.ts';
import type { Clock } from '../pipeline/clock.ts';
import type { DatabaseHandle } from '../store/database.ts';
import type { EstateStore } from '../store/types.ts';
import { ConfirmingObserver } from '../vantage/confirming-observer.ts';
import { ProbeService } from '../vantage/probe-service.ts';
import { VantageJobStore } from '../vantage/vantage-job-store.ts';
import { VantageReportStore } from '../vantage/vantage-report-store.ts';

export interface VantageStage {
  /** What to add to the checks in place of the incident stage. */
  observer: CheckObserver;
  /** The probe protocol, when probes are configured. */
  probes: ProbeService | null;
  reports: VantageReportStore;
  /** This process's vantage first, then the remote ones. */
  vantages: string[];
  close(): void;
}

const SWEEP_MS = 2_000;

export function openVantageStage(
  handle: DatabaseHandle,
  store: EstateStore,
  config: MamoriConfig,
  clock: Clock,
  log: Logger,
  incidents: CheckObserver,
): VantageStage {
  const { name, probes, confirm, confirmWithinSeconds, leaseSeconds } = config.vantage;
  const reports = new VantageReportStore(handle);
  const vantages = [name, ...probes.filter((p) => p !== name)];
  if (vantages.length === 1) return { observer: incidents, probes: null, reports, vantages, close: () => undefined };
  const jobs = new VantageJobStore(handle);
  const now = () => clock.now();
  let service: ProbeService | null = null;
  const confirming = new ConfirmingObserver({
    inner: incidents,
    reports,
    jobs,
    self: name,
    probes: vantages.slice(1),
    mode: confirm,
    confirmWithinMs: confirmWithinSeconds * 1000,
    now,
    log: log.child({ stage: 'vantage' }),
    onRequested: () => service?.wake(),
  });
  service = new ProbeService({
    jobs,
    reports,
    store,
    probes: vantages.slice(1),
    leaseMs: leaseSeconds * 1000,
    now,
    onReport: (pageId) => confirming.onReport(pageId),
  });
  const sweep = setInterval(() => {
    confirming.sweep().catch((error: unknown) => log.warn({ err: error }, 'vantage: deciding held alarms failed'));
  }, SWEEP_MS);
  sweep.unref();
  return { observer: confirming, probes: service, reports, vantages, close: () => clearInterval(sweep) };
}
