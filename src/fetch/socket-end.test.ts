import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const CHILD = fileURLToPath(new URL('./socket-end-child.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the child in its own process: the crash this guards against kills the process it happens in. */
function runChild(client: 'fetcher' | 'guarded', decodedBytes: number, rounds: number): Promise<ChildRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', TSX, CHILD, client, String(decodedBytes), String(rounds)],
      { timeout: 120_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr });
      },
    );
  });
}

// The page of the incident: about 3 MB of HTML, gzip on the wire (here ~1.6 MB), Content-Length,
// `Connection: close`, the server closing as soon as it has written. Several rounds, because the
// crash needs the reader to be behind at the very moment the last bytes land.
describe('a large gzip page on a closing connection (undici paused-parser crash)', () => {
  for (const client of ['fetcher', 'guarded'] as const) {
    it(`${client}: every fetch completes intact and the process survives`, async () => {
      const run = await runChild(client, 3_000_000, 5);
      expect(run.stderr).not.toContain('AssertionError');
      expect(run.code).toBe(0);
      const summary = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as {
        wireBytes?: number;
        outcomes?: string[];
      };
      expect(summary.wireBytes).toBeGreaterThan(460_000);
      expect(summary.outcomes).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    }, 130_000);
  }
});
