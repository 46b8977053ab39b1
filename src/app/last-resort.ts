import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';

/**
 * The last line of defence of a long-running process (`serve`, `worker`): an exception nobody caught
 * (thrown from a socket or timer callback, say inside a library) or a promise rejection nobody handled
 * is logged and counted, and the process keeps watching. Node's default is to die, which for a watch
 * means every page unwatched until someone restarts it, and on restart the same page kills it again.
 *
 * What was running when it happened is not known here: a check whose promise will now never settle is
 * failed by the per-check deadline (src/app/check-deadline.ts), and the page stays on the schedule.
 * Installed by the commands, never by the composition root itself, so tests that start a runtime in
 * their own process keep vitest's handlers.
 */
export interface LastResort {
  /** Faults seen since install. */
  count(): number;
  /** Expose the count as `mamori_process_faults_total` on a metrics registry. */
  register(registry: Registry): void;
  uninstall(): void;
}

export function installLastResort(log: Logger): LastResort {
  let faults = 0;
  const onException = (error: Error, origin: string): void => {
    faults += 1;
    log.error(
      { err: error, origin, faults },
      'uncaught exception: logged and ignored, the watch goes on (a check in flight is failed by its deadline)',
    );
  };
  const onRejection = (reason: unknown): void => {
    faults += 1;
    log.error({ err: reason, faults }, 'unhandled promise rejection: logged and ignored, the watch goes on');
  };
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return {
    count: () => faults,
    register(registry) {
      new Counter({
        name: 'mamori_process_faults_total',
        help: 'Uncaught exceptions and unhandled rejections the process survived (each one is a bug to report).',
        registers: [registry],
        collect() {
          this.reset();
          this.inc(faults);
        },
      });
    },
    uninstall() {
      process.off('uncaughtException', onException);
      process.off('unhandledRejection', onRejection);
    },
  };
}
