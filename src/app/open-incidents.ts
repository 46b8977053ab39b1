/**
 * The incident and notification stages assembled from config, over the store's own handle. The
 * composition root adds `service` as a check observer and starts `alerts.dispatcher` where
 * notifications should be delivered from (serve); any process may enqueue.
 */
import type { Logger } from 'pino';
import { openAlerts, type Alerts } from '../alert/alerts.ts';
import type { MamoriConfig } from '../config/schema.ts';
import type { DatabaseHandle } from '../store/database.ts';
import type { EstateStore } from '../store/types.ts';
import type { Clock } from '../pipeline/clock.ts';
import { IncidentService, type IncidentServiceOptions } from '../incidents/incident-service.ts';
import { IncidentStore } from '../incidents/incident-store.ts';

export interface IncidentStage {
  store: IncidentStore;
  service: IncidentService;
  alerts: Alerts;
  close(): Promise<void>;
}

const HOUR_MS = 3_600_000;

export function openIncidentStage(
  handle: DatabaseHandle,
  store: EstateStore,
  config: MamoriConfig,
  clock: Clock,
  log: Logger,
  options: Pick<IncidentServiceOptions, 'threatOf'> = {},
): IncidentStage {
  const incidents = new IncidentStore(handle);
  const alerts = openAlerts(handle, config, clock, log);
  const service = new IncidentService({
    incidents,
    store,
    routing: alerts.routing,
    restoreAfterChecks: config.incidents.restoreAfterChecks,
    campaignWindowMs: config.incidents.campaignWindowHours * HOUR_MS,
    log: log.child({ stage: 'incidents' }),
    onEnqueued: () => alerts.dispatcher.kick(),
    ...options,
  });
  return { store: incidents, service, alerts, close: () => alerts.dispatcher.stop() };
}
