/**
 * Test support for "a killed process loses nothing acknowledged": runs a child (a TypeScript file, under
 * tsx) that prints one line per acknowledged write, SIGKILLs it once `killAfter` lines have arrived, and
 * returns every line it printed before it died. The caller then reads what is durable and checks that
 * each acknowledged line is in it. Killed while work is in flight, never at a quiet moment: the child
 * keeps writing until the signal lands.
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export async function ackedLinesUntilKilled(script: string, args: string[], killAfter: number): Promise<string[]> {
  const child = fork(script, args, { execArgv: ['--import', TSX], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const acked: string[] = [];
  let buffered = '';
  await new Promise<void>((resolve, reject) => {
    child.on('exit', () => resolve());
    child.on('error', reject);
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      acked.push(...lines.filter((l) => l !== ''));
      if (acked.length >= killAfter) child.kill('SIGKILL');
    });
  });
  return acked;
}
