import { describe, expect, it } from 'vitest';
import { HostGate } from './host-gate.ts';
import { systemClock } from '../pipeline/clock.ts';

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
    // A clock that stands still and records the waits asked for: the spacing is decided by the
    // gate, not by how promptly a loaded machine wakes sleepers.
    const waits: { host: string; ms: number }[] = [];
    let current = '';
    const clock = {
      now: () => 1_000_000,
      sleep: (ms: number) => {
        waits.push({ host: current, ms });
        return Promise.resolve();
      },
    };
    const gate = new HostGate({ perHostConcurrency: 4, minSpacingMs: 40 }, clock);
    const order: string[] = [];
    for (const h of ['a', 'a', 'a', 'b']) {
      current = h;
      const acquired = gate.acquire(h).then((release) => {
        order.push(h);
        release();
      });
      await acquired;
    }
    expect(waits).toEqual([
      { host: 'a', ms: 40 },
      { host: 'a', ms: 80 },
    ]);
    // b is not held back by a's spacing: it never waits.
    expect(order).toEqual(['a', 'a', 'a', 'b']);
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
