import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { processTree, treeCpuMs } from './browser-processes.ts';

const linux = process.platform === 'linux';

describe.skipIf(!linux)('browser processes in /proc', () => {
  it('finds this process at the root of its own tree', () => {
    expect(processTree(process.pid)[0]).toBe(process.pid);
  });

  it('counts the CPU of children that have already exited', () => {
    const before = treeCpuMs(process.pid);
    // A child that burns about 300 ms of CPU and is reaped before we look again.
    const burn = spawnSync(process.execPath, [
      '-e',
      'const end = process.cpuUsage().user + 300000; while (process.cpuUsage().user < end);',
    ]);
    expect(burn.status).toBe(0);
    expect(treeCpuMs(process.pid) - before).toBeGreaterThanOrEqual(250);
  });

  it('gives 0 for a process that is not there', () => {
    expect(treeCpuMs(2 ** 22 + 1)).toBe(0);
  });
});
