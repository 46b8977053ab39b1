/** Metrics wired to the incidents stage and, when this process runs one, its watch loop. */
import type { IncidentStage } from './open-incidents.ts';
import type { Watch } from './watch.ts';
import { createMetrics, type Metrics } from '../metrics/metrics.ts';

/** Active incidents read per scrape; an estate with more open at once has bigger problems than a gauge. */
const MAX_OPEN_READ = 10_000;

/** Metrics read the incidents' store and the outbox; nothing else of the runtime. */
export function openMetrics(incidents: Pick<IncidentStage, 'store' | 'alerts'>, watch: Watch | null): Metrics {
  return createMetrics({
    ...(watch
      ? {
          scheduler: () => watch.scheduler.stats(),
          leader: () => watch.service.isLeader(),
          queue: () => watch.queue.stats(),
        }
      : {}),
    openIncidents: async () => {
      const counts = new Map<string, { scope: string; severity: string; count: number }>();
      for (const i of await incidents.store.list({ state: 'active', limit: MAX_OPEN_READ })) {
        const key = `${i.scope}/${i.severity}`;
        const row = counts.get(key) ?? { scope: i.scope, severity: i.severity, count: 0 };
        row.count += 1;
        counts.set(key, row);
      }
      return [...counts.values()];
    },
    notifications: async () => {
      const n = await incidents.alerts.outbox.countByState();
      return { pending: n.pending, failed: n.failed };
    },
  });
}
