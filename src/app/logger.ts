import pino, { type Logger } from 'pino';
import type { MamoriConfig } from '../config/schema.ts';

/** JSON logs on stderr: stdout stays free for command output that scripts parse. */
export function createLogger(config: Pick<MamoriConfig, 'log'>): Logger {
  return pino({ level: config.log.level, base: { app: 'mamori' } }, pino.destination(2));
}
