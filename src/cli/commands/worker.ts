import type { Command } from 'commander';
import { createLogger } from '../../app/logger.ts';
import { installLastResort } from '../../app/last-resort.ts';
import { startWorker } from '../../app/mamori.ts';
import { maskRedisUrl } from '../../queue/errors.ts';
import { loadCliConfig, type ConfigFlags } from '../config.ts';
import { EXIT, type CliIo } from '../io.ts';
import { stopSignal } from '../signals.ts';

/**
 * `mamori worker`: only runs checks from the shared BullMQ queue, for scale-out. The `mamori serve`
 * holding the scheduler lease schedules (every serve may work too); any number of workers on other
 * machines take jobs from Redis. Per-host politeness holds across all of them (RedisHostGate).
 */
export async function runWorker(
  flags: ConfigFlags,
  io: CliIo,
  until: Promise<unknown> = stopSignal(),
): Promise<number> {
  const config = loadCliConfig(flags, io);
  if (!config) return EXIT.usage;
  if (config.queue.backend !== 'bullmq') {
    io.err(
      `mamori worker needs queue.backend: bullmq (it is ${config.queue.backend}). An in-process queue lives inside ` +
        '`mamori serve` and has no jobs to share: set queue.backend to bullmq (MAMORI_QUEUE_BACKEND=bullmq) and queue.redisUrl for serve and every worker.',
    );
    return EXIT.usage;
  }
  const log = createLogger(config);
  // Before anything starts: a fault in a library callback must cost one check, never the worker.
  const lastResort = installLastResort(log);
  let worker;
  try {
    worker = await startWorker(config, log);
  } catch (error) {
    lastResort.uninstall();
    throw error;
  }
  io.err(
    `Mamori worker taking checks from ${maskRedisUrl(config.queue.redisUrl)} (database: ${worker.runtime.store.dialect}). Ctrl-C stops.`,
  );
  await until;
  io.err('Stopping: finishing running checks…');
  await worker.stop();
  lastResort.uninstall();
  return EXIT.ok;
}

export function registerWorker(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('worker')
    .description('run checks from the shared queue (queue.backend: bullmq), next to one `mamori serve`')
    .action(async () => setExit(await runWorker(program.opts<ConfigFlags>(), io)));
}
