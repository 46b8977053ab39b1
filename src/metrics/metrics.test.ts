import { describe, expect, it } from 'vitest';
import type { CheckEvent } from '../pipeline/check-event.ts';
import { createMetrics } from './metrics.ts';

const event = (verdict: string, outcome: string, durationMs = 120): CheckEvent =>
  ({ check: { verdict, outcome, durationMs } }) as unknown as CheckEvent;

describe('createMetrics', () => {
  it('counts checks by verdict and outcome and reads gauges at scrape time', async () => {
    let open = [{ scope: 'page', severity: 'high', count: 2 }];
    let pending = 3;
    let leader = true;
    const m = createMetrics(
      {
        scheduler: () => ({ pages: 7, lagMs: 1500 }),
        leader: () => leader,
        queue: () => Promise.resolve({ waiting: 4, active: 2, failed: 1 }),
        openIncidents: () => Promise.resolve(open),
        notifications: () => Promise.resolve({ pending, failed: 0 }),
      },
      { defaultMetrics: false },
    );
    await m.observer.onCheck(event('down', 'http-5xx'));
    await m.observer.onCheck(event('down', 'http-5xx'));
    await m.observer.onCheck(event('unchanged', 'ok'));
    const first = (await m.scrape()).body;
    expect(first).toContain('mamori_checks_total{verdict="down",outcome="http-5xx"} 2');
    expect(first).toContain('mamori_checks_total{verdict="unchanged",outcome="ok"} 1');
    expect(first).toContain('mamori_check_duration_seconds_count{outcome="http-5xx"} 2');
    expect(first).toContain('mamori_scheduler_lag_seconds 1.5');
    expect(first).toContain('mamori_queue_jobs{state="waiting"} 4');
    expect(first).toContain('mamori_incidents_open{scope="page",severity="high"} 2');
    expect(first).toContain('mamori_incidents_open{scope="site",severity="critical"} 0');
    expect(first).toContain('mamori_notifications{state="pending"} 3');
    expect(first).toContain('mamori_scheduler_leader 1');
    // Gauges follow their sources: an incident closed and a notification sent show at the next scrape.
    open = [];
    pending = 0;
    leader = false; // the scheduler lease went to another serve
    const second = (await m.scrape()).body;
    expect(second).toContain('mamori_scheduler_leader 0');
    expect(second).toContain('mamori_incidents_open{scope="page",severity="high"} 0');
    expect(second).toContain('mamori_notifications{state="pending"} 0');
  });

  it('omits the watch gauges in a process without a watch, and keeps registries apart', async () => {
    const a = createMetrics({}, { defaultMetrics: false });
    const b = createMetrics({}, { defaultMetrics: false });
    await a.observer.onCheck(event('tampered', 'ok'));
    expect((await a.scrape()).body).not.toContain('mamori_scheduler_lag_seconds');
    expect((await a.scrape()).body).not.toContain('mamori_scheduler_leader');
    expect((await b.scrape()).body).not.toContain('verdict="tampered"');
  });
});
