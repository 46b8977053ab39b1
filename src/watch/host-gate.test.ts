import { describe, expect, it } from 'vitest';
import { HostGate } from './host-gate.ts';
import { systemClock } from './clock.ts';

describe('HostGate', () => {
  it('never runs more than perHostConcurrency requests to one host', async () => {
    const gate = new HostGate({ perHostConcurrency: 2, minSpacingMs: 0 }, systemClock);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        const release = await gate.acquire('a.example');
        active += 1;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 5));
        active -= 1;
        release();
      }),
    );
    expect(peak).toBe(2);
    expect(gate.busyHosts()).toBe(0);
  });

  it('spaces request starts to one host but not across hosts', async () => {
    const gate = new HostGate({ perHostConcurrency: 4, minSpacingMs: 40 }, systemClock);
    const starts: Record<string, number[]> = { a: [], b: [] };
    const t0 = Date.now();
    await Promise.all(
      ['a', 'a', 'a', 'b'].map(async (h) => {
        const release = await gate.acquire(h);
        starts[h]?.push(Date.now() - t0);
        release();
      }),
    );
    const a = (starts.a ?? []).sort((x, y) => x - y);
    expect(a[1]! - a[0]!).toBeGreaterThanOrEqual(35);
    expect(a[2]! - a[1]!).toBeGreaterThanOrEqual(35);
    // b is not held back by a's spacing: it starts before a's second request.
    expect(starts.b![0]!).toBeLessThan(a[1]!);
  });

  it('ignores a second release of the same slot', async () => {
    const gate = new HostGate({ perHostConcurrency: 1, minSpacingMs: 0 }, systemClock);
    const r1 = await gate.acquire('h');
    r1();
    r1();
    const r2 = await gate.acquire('h');
    const third = gate.acquire('h');
    let got = false;
    void third.then(() => (got = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(got).toBe(false);
    r2();
    (await third)();
  });
});
