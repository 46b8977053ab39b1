import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckDeadlineError, withCheckDeadline } from './check-deadline.ts';

const CHILD = fileURLToPath(new URL('./last-resort-child.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The child's stdout lines and stderr as they arrive, and a way to wait for a line. */
function watchChild(child: ChildProcess): {
  lines: string[];
  stderr: () => string;
  waitFor(prefix: string, ms: number): Promise<string>;
} {
  const lines: string[] = [];
  let err = '';
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return {
    lines,
    stderr: () => err,
    async waitFor(prefix, ms) {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        const line = lines.find((l) => l.startsWith(prefix));
        if (line) return line;
        if (child.exitCode !== null)
          throw new Error(`child exited (${child.exitCode}) before "${prefix}": ${err.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no "${prefix}" line within ${ms} ms; stderr: ${err.slice(-2000)}`);
    },
  };
}

describe('the last-resort handler of a running watch', () => {
  let child: ChildProcess | null = null;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    child = null;
  });

  it('keeps serving after an uncaught exception and an unhandled rejection, and fails the orphaned check at its deadline', async () => {
    child = spawn(process.execPath, ['--import', TSX, CHILD], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = watchChild(child);
    const url = (await out.waitFor('url ', 30_000)).slice(4);
    // The first check's observer throws from a timer and never settles; the deadline fails it, which
    // frees the page's place in the queue: without that, every later slot would be skipped as busy.
    await out.waitFor('checked 2', 60_000);
    expect(out.stderr()).toContain('thrown from a timer by a misbehaving stage');
    expect(out.stderr()).toContain('a rejection nobody handles');
    expect(out.stderr()).toContain('check abandoned at its deadline');
    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    const faults = Number(/^mamori_process_faults_total (\d+)/m.exec(metrics)?.[1] ?? NaN);
    expect(faults).toBeGreaterThanOrEqual(2);
    expect(child.exitCode).toBeNull();
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    await out.waitFor('stopped', 30_000);
    expect(await exited).toBe(0);
  }, 120_000);
});

describe('withCheckDeadline', () => {
  it('fails a check that never settles with CheckDeadlineError', async () => {
    const never = new Promise<string>(() => undefined);
    await expect(withCheckDeadline(never, 7, 50)).rejects.toBeInstanceOf(CheckDeadlineError);
  });

  it('passes a settled check through untouched', async () => {
    await expect(withCheckDeadline(Promise.resolve('done'), 7, 5_000)).resolves.toBe('done');
    await expect(withCheckDeadline(Promise.reject(new Error('fetch broke')), 7, 5_000)).rejects.toThrow('fetch broke');
  });
});
