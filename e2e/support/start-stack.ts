/**
 * Starts e2e/support/stack.ts in its own process with a temporary data directory and waits for its
 * JSON line. Used by the browser tests' global setup and by `npm run screenshots`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { StackInfo } from './stack-info.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const START_TIMEOUT_MS = 300_000;

export interface RunningStack {
  info: StackInfo;
  stop(): Promise<void>;
}

export async function startStack(): Promise<RunningStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mamori-e2e-'));
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'e2e', 'support', 'stack.ts'), dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => log.push(chunk));
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the e2e stack was not ready within ${START_TIMEOUT_MS / 1000} s:\n${log.join('')}`)),
        START_TIMEOUT_MS,
      );
      createInterface({ input: child.stdout }).once('line', (l) => {
        clearTimeout(timer);
        resolve(l);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the e2e stack exited (${String(code)}) before it was ready:\n${log.join('')}`));
      });
    });
    return { info: JSON.parse(line) as StackInfo, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
