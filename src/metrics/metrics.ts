/**
 * Prometheus metrics for one Mamori process (prom-client, its own registry so tests and several
 * runtimes in one process never share counters). Checks are counted as they happen by a check
 * observer; gauges are read when scraped: the scheduler's lag, the queue's depth, open incidents
 * by severity and the outbox by state come from their owners at that moment.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CheckEvent, CheckObserver } from '../pipeline/check-event.ts';

/** Where scrape-time figures come from; each is optional (a process without a watch has no queue). */
export interface MetricSources {
  scheduler?: () => { pages: number; lagMs: number };
  /** Whether this process holds the scheduler lease (the one `serve` of a cluster that schedules). */
  leader?: () => boolean;
  queue?: () => Promise<{ waiting: number; active: number; failed: number }>;
  /** Active (open or acknowledged) incidents, as severity → count per scope. */
  openIncidents?: () => Promise<{ scope: string; severity: string; count: number }[]>;
  notifications?: () => Promise<{ pending: number; failed: number }>;
}

export interface Metrics {
  registry: Registry;
  /** Counts every stored check; add it to the CheckService. */
  observer: CheckObserver;
  /** The exposition text and its content type. */
  scrape(): Promise<{ body: string; contentType: string }>;
}

const SEVERITIES = ['low', 'medium', 'high', 'critical'];
const SCOPES = ['page', 'site'];

export function createMetrics(sources: MetricSources, options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'mamori_' });
  const checks = new Counter({
    name: 'mamori_checks_total',
    help: 'Checks stored, by verdict and outcome class (ok, http-5xx, timeout, dns, ...).',
    labelNames: ['verdict', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'mamori_check_duration_seconds',
    help: 'Time one check took to fetch, by outcome class.',
    labelNames: ['outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  registerScrapeGauges(registry, sources);
  const observer: CheckObserver = {
    name: 'metrics',
    onCheck(event: CheckEvent): Promise<void> {
      checks.inc({ verdict: event.check.verdict, outcome: event.check.outcome });
      duration.observe({ outcome: event.check.outcome }, event.check.durationMs / 1000);
      return Promise.resolve();
    },
  };
  return {
    registry,
    observer,
    scrape: async () => ({ body: await registry.metrics(), contentType: registry.contentType }),
  };
}

function registerScrapeGauges(registry: Registry, s: MetricSources): void {
  const registers = [registry];
  if (s.scheduler) {
    const read = s.scheduler;
    new Gauge({
      name: 'mamori_scheduler_lag_seconds',
      help: 'How late the most overdue page is against its schedule.',
      registers,
      collect() {
        this.set(read().lagMs / 1000);
      },
    });
    new Gauge({
      name: 'mamori_scheduler_pages',
      help: 'Pages on the schedule.',
      registers,
      collect() {
        this.set(read().pages);
      },
    });
  }
  if (s.leader) {
    const read = s.leader;
    new Gauge({
      name: 'mamori_scheduler_leader',
      help: 'Whether this process holds the scheduler lease and dispatches checks (1) or only serves and works (0).',
      registers,
      collect() {
        this.set(read() ? 1 : 0);
      },
    });
  }
  if (s.queue) {
    const read = s.queue;
    new Gauge({
      name: 'mamori_queue_jobs',
      help: 'Check jobs in the queue, by state (waiting, active, failed).',
      labelNames: ['state'] as const,
      registers,
      async collect() {
        const q = await read();
        for (const state of ['waiting', 'active', 'failed'] as const) this.set({ state }, q[state]);
      },
    });
  }
  if (s.openIncidents) {
    const read = s.openIncidents;
    new Gauge({
      name: 'mamori_incidents_open',
      help: 'Active (open or acknowledged) incidents, by scope and severity.',
      labelNames: ['scope', 'severity'] as const,
      registers,
      async collect() {
        // Every series is set (zero included), so a severity that empties out drops to 0 instead of vanishing.
        const counts = new Map((await read()).map((r) => [`${r.scope}/${r.severity}`, r.count]));
        for (const scope of SCOPES)
          for (const severity of SEVERITIES) this.set({ scope, severity }, counts.get(`${scope}/${severity}`) ?? 0);
      },
    });
  }
  if (s.notifications) {
    const read = s.notifications;
    new Gauge({
      name: 'mamori_notifications',
      help: 'Notifications in the outbox waiting for delivery (pending) or given up on (failed).',
      labelNames: ['state'] as const,
      registers,
      async collect() {
        const n = await read();
        this.set({ state: 'pending' }, n.pending);
        this.set({ state: 'failed' }, n.failed);
      },
    });
  }
}
