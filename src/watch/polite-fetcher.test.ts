import { describe, expect, it } from 'vitest';
import type { FetchRequest, FetchResult, Fetcher } from '../fetch/types.ts';
import { systemClock } from '../pipeline/clock.ts';
import { HostGate } from './host-gate.ts';
import { politeFetcher } from './polite-fetcher.ts';

/** Counts requests in flight per host; answers after a short wait so requests overlap if allowed. */
function countingFetcher(): { fetcher: Fetcher; peak: Map<string, number>; closed: () => boolean } {
  const active = new Map<string, number>();
  const peak = new Map<string, number>();
  let closed = false;
  const fetcher: Fetcher = {
    async fetch(request: FetchRequest): Promise<FetchResult> {
      const host = new URL(request.url).host;
      active.set(host, (active.get(host) ?? 0) + 1);
      peak.set(host, Math.max(peak.get(host) ?? 0, active.get(host) ?? 0));
      await new Promise((r) => setTimeout(r, 10));
      active.set(host, (active.get(host) ?? 1) - 1);
      throw new Error(`not a real fetch: ${request.url}`);
    },
    close: () => {
      closed = true;
      return Promise.resolve();
    },
  };
  return { fetcher, peak, closed: () => closed };
}

describe('politeFetcher', () => {
  it('holds every request to a host within its concurrency, releasing the slot even when the fetch throws', async () => {
    const gate = new HostGate({ perHostConcurrency: 1, minSpacingMs: 0 }, systemClock);
    const inner = countingFetcher();
    const polite = politeFetcher(inner.fetcher, gate);
    const urls = [
      'http://a.example/1',
      'http://a.example/2',
      'http://a.example/3',
      'http://b.example/1',
      'http://b.example/2',
    ];
    const results = await Promise.allSettled(urls.map((url) => polite.fetch({ url })));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(inner.peak.get('a.example')).toBe(1);
    expect(inner.peak.get('b.example')).toBe(1);
    expect(gate.busyHosts()).toBe(0);
    await polite.close();
    expect(inner.closed()).toBe(false);
  });
});
