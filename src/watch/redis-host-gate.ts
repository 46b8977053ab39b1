import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Clock } from '../pipeline/clock.ts';
import { HostGate, type PolitenessGate, type PolitenessOptions } from './host-gate.ts';

export interface RedisHostGateOptions {
  redisUrl: string;
  /** Key prefix (queue.prefix): every process of one estate shares the hosts' slots. */
  prefix: string;
  politeness: PolitenessOptions;
  /**
   * Longest one slot is held: a process that dies holding one (kill -9) frees it after this. Must
   * outlast the longest request (fetch.totalTimeoutMs), or a slow request's slot would be handed on.
   */
  slotLeaseMs: number;
  clock: Clock;
  /** How long a turn waits for an unreachable Redis before giving up with PolitenessUnavailableError. */
  unavailableAfterMs?: number;
  onError?: (error: Error) => void;
}

/** Redis did not answer while a request waited for its host's turn: the check fails and is retried later. */
export class PolitenessUnavailableError extends Error {
  override readonly name = 'PolitenessUnavailableError';
}

/**
 * Take a slot on a host if one is free and the spacing since the last start has passed.
 * KEYS: the host's slots (sorted set: holder token → lease expiry), its next allowed start.
 * ARGV: token, slots, spacing ms, lease ms. Returns 0 when taken, else how long to wait (ms).
 * Time is Redis's own, so the processes' clocks never need to agree. It runs once per check, so it
 * does only what it must: expired leases (their holders died) are purged only when the set looks
 * full, and the next-start key is read only when there is a spacing.
 */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[2])
if redis.call('ZCARD', KEYS[1]) >= limit then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
  if redis.call('ZCARD', KEYS[1]) >= limit then
    local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
    return -math.max(1, tonumber(first[2]) - now)
  end
end
local spacing = tonumber(ARGV[3])
if spacing > 0 then
  local nextStart = tonumber(redis.call('GET', KEYS[2]) or '0')
  if now < nextStart then return nextStart - now end
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
if spacing > 0 then redis.call('SET', KEYS[2], now + spacing, 'PX', spacing) end
return 0`;

/** The gate's connection, with TAKE loaded as a command (EVALSHA: the script's text is sent once, and again after a Redis restart). */
type GateRedis = Redis & {
  mamoriTakeSlot(
    slots: string,
    next: string,
    token: string,
    limit: string,
    spacingMs: string,
    leaseMs: string,
  ): Promise<number>;
};

/** While every slot is taken, ask again this often (a little jittered): slots are freed by release, not pushed. */
const BUSY_POLL_MS = 40;
const RETRY_MS = 250;

/**
 * Per-host politeness for the whole cluster: at most politeness.perHostConcurrency requests in
 * flight to one host across every process sharing this Redis, their starts at least
 * politeness.minSpacingMs apart. Within the process, an in-memory HostGate queues requests first
 * (FIFO), so a process has at most that many requests asking Redis for one host.
 *
 * A semaphore of leases rather than rate-limiter-flexible's counters: those count requests per
 * fixed window, not requests in flight, and a window's end would reset the count while requests are
 * still running. A slot held by a process that died expires after slotLeaseMs.
 */
export class RedisHostGate implements PolitenessGate {
  private readonly local: HostGate;
  private readonly client: GateRedis;
  private readonly unavailableAfterMs: number;

  constructor(private readonly options: RedisHostGateOptions) {
    this.local = new HostGate(
      { perHostConcurrency: options.politeness.perHostConcurrency, minSpacingMs: 0 },
      options.clock,
    );
    this.unavailableAfterMs = options.unavailableAfterMs ?? 10_000;
    const client = new Redis(options.redisUrl, {
      // Connects on the first request, so commands that fetch nothing never reach for Redis.
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      commandTimeout: 5_000,
    });
    client.defineCommand('mamoriTakeSlot', { numberOfKeys: 2, lua: TAKE });
    // defineCommand adds the method at run time; its shape is GateRedis's.
    this.client = client as GateRedis;
    this.client.on('error', (error: Error) => options.onError?.(error));
  }

  async acquire(host: string): Promise<() => void> {
    const releaseLocal = await this.local.acquire(host);
    const token = randomUUID();
    const keys = this.keys(host);
    try {
      await this.take(keys, token);
    } catch (error) {
      releaseLocal();
      throw error;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      releaseLocal();
      // A release that fails leaves the slot to expire with its lease.
      this.client.zrem(keys[0], token).catch((error: unknown) => this.report(error));
    };
  }

  busyHosts(): number {
    return this.local.busyHosts();
  }

  async close(): Promise<void> {
    if (this.client.status === 'wait' || this.client.status === 'end') return this.client.disconnect();
    await this.client.quit().catch(() => this.client.disconnect());
  }

  private keys(host: string): [string, string] {
    // The hash tag keeps a host's two keys in one slot of a Redis Cluster, as a script needs.
    const base = `${this.options.prefix}:politeness:{${host}}`;
    return [`${base}:slots`, `${base}:next`];
  }

  private async take(keys: [string, string], token: string): Promise<void> {
    const { politeness, slotLeaseMs, clock } = this.options;
    let failingSince: number | null = null;
    for (;;) {
      let wait: number;
      try {
        wait = Number(
          await this.client.mamoriTakeSlot(
            ...keys,
            token,
            String(politeness.perHostConcurrency),
            String(politeness.minSpacingMs),
            String(slotLeaseMs),
          ),
        );
        failingSince = null;
      } catch (error) {
        this.report(error);
        failingSince ??= clock.now();
        if (clock.now() - failingSince >= this.unavailableAfterMs)
          throw new PolitenessUnavailableError(
            `Redis did not answer for ${this.unavailableAfterMs} ms while waiting for a host's turn; the check is retried later.`,
            { cause: error },
          );
        wait = RETRY_MS;
      }
      if (wait === 0) return;
      // Busy: poll (a slot is usually freed long before its lease ends). Spacing: wait exactly its rest.
      await clock.sleep(wait < 0 ? Math.min(-wait, BUSY_POLL_MS + Math.random() * BUSY_POLL_MS) : wait);
    }
  }

  private report(error: unknown): void {
    this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
  }
}
