import { describe, expect, it } from 'vitest';
import { startEstateChild } from './estate-child.ts';
import { createEstateRequestHandler } from './estate-process.ts';
import type { EstateReply } from './estate-protocol.ts';
import { DEMO_INCIDENT_TARGETS } from './incidents.ts';

describe('startEstateChild', () => {
  it('runs the demo estate in a child process: start, set-state, stop', async () => {
    const child = await startEstateChild('demo');
    try {
      expect(child.pid).not.toBe(process.pid);
      expect(child.sites).toHaveLength(5);
      expect(child.urls).toHaveLength(36);
      const { siteKey, path } = DEMO_INCIDENT_TARGETS.subpageDown;
      const target = `${child.sites.find((s) => s.key === siteKey)?.origin}${path}`;
      expect((await fetch(target)).status).toBe(200);
      await child.setState({ incidents: { subpageDown: true } });
      expect((await fetch(target)).status).toBe(503);
      const cpu = await child.cpuUsage();
      expect(cpu.user).toBeGreaterThan(0);
    } finally {
      await child.stop();
    }
    await expect(fetch(child.urls[0] ?? '')).rejects.toThrow();
    expect(() => process.kill(child.pid, 0)).toThrow(); // Signal 0 only probes: the child has exited.
  });

  it('runs a bench estate and reports the pages each generation changes', async () => {
    const child = await startEstateChild({ bench: { pages: 200, sites: 2, bytesPerPage: 20_000 } });
    try {
      expect(child.urls).toHaveLength(200);
      const url = child.urls[5] ?? '';
      const before = await (await fetch(url)).text();
      const changed = await child.setGeneration(1);
      expect(changed).toHaveLength(10);
      const after = await (await fetch(url)).text();
      expect(after === before).toBe(!changed.includes(url));
      const changedBody = await (await fetch(changed[0] ?? '')).text();
      await child.setGeneration(0);
      expect(await (await fetch(changed[0] ?? '')).text()).not.toBe(changedBody);
    } finally {
      await child.stop();
    }
  });
});

describe('createEstateRequestHandler', () => {
  it('answers requests in order and reports misuse as errors, not crashes', async () => {
    const replies: EstateReply[] = [];
    let stopped = false;
    const handle = createEstateRequestHandler(
      (reply) => {
        replies.push(reply);
        return Promise.resolve();
      },
      () => {
        stopped = true;
      },
    );
    await handle({ type: 'set-state', id: 1, patch: { tick: 1 } });
    await handle({ type: 'start', id: 2, estate: { bench: { pages: 4, bytesPerPage: 2_000, changeRatio: 0.25 } } });
    await handle({ type: 'start', id: 3, estate: 'demo' });
    await handle({ type: 'set-generation', id: 4, g: 1 });
    await handle({ type: 'stop', id: 5 });
    expect(replies.map((r) => [r.id, r.type])).toEqual([
      [1, 'error'],
      [2, 'ready'],
      [3, 'error'],
      [4, 'ok'],
      [5, 'ok'],
    ]);
    expect(replies[3]).toMatchObject({ changedUrls: [expect.stringMatching(/\/d\/0\/p3\.html$/) as string] });
    expect(stopped).toBe(true);
  });
});
