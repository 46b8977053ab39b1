/**
 * Queue errors that tell the operator what to do. ioredis reports an unreachable server as a stream of
 * ECONNREFUSED events while it reconnects forever; callers get one of these instead of a hang.
 */

export class QueueUnavailableError extends Error {
  override name = 'QueueUnavailableError';
  /** The Redis URL with any password masked: safe to log and print. */
  readonly redisUrl: string;

  constructor(redisUrl: string, detail: string, options: { cause?: unknown } = {}) {
    const where = maskRedisUrl(redisUrl);
    super(
      `The job queue's Redis at ${where} is unavailable (${detail}). Start Redis there, point queue.redisUrl ` +
        '(MAMORI_QUEUE_REDIS_URL) at a reachable server, or set queue.backend to in-process to run everything in one process.',
      options,
    );
    this.redisUrl = where;
  }
}

/** `redis://user:secret@host` → `redis://user:***@host`; anything unparsable is shown as is (it holds no URL password). */
export function maskRedisUrl(url: string): string {
  if (!URL.canParse(url)) return url;
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString().replace(/\/$/, '');
}

/** The message of an error or of the first cause that has one (ioredis wraps refusals in AggregateError). */
export function describeCause(error: unknown): string {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof AggregateError && e.errors[0] instanceof Error && !e.message) e = e.errors[0];
    if (e instanceof Error && e.message) return e.message;
    e = e instanceof Error ? e.cause : null;
  }
  return String(error);
}
