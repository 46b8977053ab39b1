import { SingleBar, Presets } from 'cli-progress';
import type { CliIo } from './io.ts';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/** A bar on a terminal; on a pipe or in CI, a plain line every 10% so logs stay readable. */
export function createProgress(io: CliIo, label: string): Progress {
  if (io.isTTY) {
    const bar = new SingleBar(
      { format: `${label} [{bar}] {value}/{total}`, stream: process.stderr, hideCursor: true },
      Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total) {
        if (!started) bar.start(total, 0);
        started = true;
        bar.update(done);
      },
      stop: () => bar.stop(),
    };
  }
  let lastDecile = -1;
  return {
    update(done, total) {
      const decile = Math.floor((done / Math.max(total, 1)) * 10);
      if (decile !== lastDecile && (decile > lastDecile || done === total)) {
        lastDecile = decile;
        io.err(`${label}: ${done}/${total}`);
      }
    },
    stop: () => undefined,
  };
}
