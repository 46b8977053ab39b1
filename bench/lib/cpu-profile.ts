import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/**
 * A V8 CPU profile of this process's main thread for one phase of a benchmark, through the inspector:
 * `node --cpu-prof` would profile the whole run, learning passes included.
 */
export async function startCpuProfile(): Promise<{ stop(file: string): Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  // 200 µs: fine enough for a check of about half a millisecond, coarse enough not to weigh on it.
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/**
 * A sampling heap profile of one phase: where the bytes allocated in it were allocated, those already
 * collected included (young and old), so it shows what the garbage collector has to deal with;
 * `promotedOnly`: only what survived the young generation (promoted, then live or collected by a mark-compact).
 * Written as a `.heapprofile` (open it in Chrome's DevTools, Memory tab).
 */
export async function startHeapProfile(promotedOnly = false): Promise<{ stop(file: string): Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    // Without the objects scavenges collect, what is left is what outlived the young generation: the
    // promoted objects that mark-compacts must then find (and those still alive at the end).
    includeObjectsCollectedByMinorGC: !promotedOnly,
  });
  return {
    async stop(file) {
      const { profile } = await session.post('HeapProfiler.stopSampling');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}
