/** For tests: run the CLI in this process with captured output, as a terminal-less caller would. */
import type { CliIo } from './io.ts';
import { main } from './main.ts';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function runMamori(...args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false };
  const code = await main(['node', 'mamori', ...args], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}
