import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Redis } from 'ioredis';

/**
 * Which `serve` process schedules. Any number may run; the one holding the lease dispatches the
 * checks, the others serve the API (and work, when they take jobs) until it is theirs.
 */
export interface SchedulerLease {
  /** Start trying to hold the lease; `onChange` is called on every gain and loss, in order. */
  start(onChange: (held: boolean) => void): void;
  /** True while this process may schedule. */
  held(): boolean;
  /** Stop renewing and give the lease up at once, so another process takes over without waiting. */
  stop(): Promise<void>;
}

export interface RedisLeaseOptions {
  redisUrl: string;
  /** The Redis key; one per queue, so estates (and tests) sharing a Redis never contend. */
  key: string;
  /** How long the lease lasts without renewal: the longest a dead holder blocks a takeover. */
  ttlMs?: number;
  /** How often the holder renews and the others try to take it. */
  renewMs?: number;
  onError?: (error: Error) => void;
  /** Shown by CLIENT LIST, so an operator can tell the lease's connection from the queue's. */
  connectionName?: string;
}

export const DEFAULT_LEASE_TTL_MS = 10_000;
export const DEFAULT_LEASE_RENEW_MS = 2_000;

/**
 * Take the lease when free or already ours, and (re)arm its expiry; 1 when held. Taking and renewing
 * are one script, so a holder whose connection dropped (and who stepped down) gets its own lease back
 * at once instead of waiting for it to expire.
 */
const ACQUIRE = `
local v = redis.call('GET', KEYS[1])
if v == false then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
elseif v == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`;

/** Delete the lease only if it is still ours: a lease that expired and was taken is left to its new holder. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * A lease in Redis (SET NX PX, renewed by compare-and-expire, released by compare-and-delete), on a
 * connection of its own. The holder steps down on its own, without asking Redis, when
 * - a renewal fails or finds the key gone or someone else's;
 * - no renewal has succeeded for ttl − renew (its clock runs, Redis's key may expire meanwhile);
 * - its connection closes: Redis may have restarted and lost the key, and with it the queue's jobs.
 *   The next holder (this process, a moment later, or another) rebuilds the schedule from the store.
 * Another process takes over within ttl + renew of the holder's death (kill -9, a partition).
 */
export class RedisLease implements SchedulerLease {
  readonly token = `${hostname()}:${process.pid}:${randomUUID()}`;
  private readonly ttlMs: number;
  private readonly renewMs: number;
  private readonly client: Redis;
  private onChange: ((held: boolean) => void) | null = null;
  private holding = false;
  /** When the lease, as last armed, may already have lapsed in Redis (local clock, conservative). */
  private validUntil = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly options: RedisLeaseOptions) {
    this.ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
    this.renewMs = options.renewMs ?? DEFAULT_LEASE_RENEW_MS;
    if (this.renewMs * 2 > this.ttlMs) throw new Error('a lease must be renewed at least twice per ttl');
    this.client = new Redis(options.redisUrl, {
      lazyConnect: true,
      connectTimeout: this.renewMs,
      // A command that cannot run now is better failed than queued: the next round tries again.
      maxRetriesPerRequest: 0,
      commandTimeout: this.renewMs,
      enableOfflineQueue: false,
      connectionName: options.connectionName ?? 'mamori-scheduler-lease',
    });
    this.client.on('error', (error: Error) => options.onError?.(error));
    this.client.on('close', () => this.lose());
  }

  start(onChange: (held: boolean) => void): void {
    if (this.onChange) throw new Error('RedisLease.start() was called twice');
    this.onChange = onChange;
    this.round();
  }

  held(): boolean {
    return this.holding && Date.now() < this.validUntil;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    const wasHeld = this.holding;
    this.set(false);
    try {
      if (wasHeld && this.client.status === 'ready') await this.client.eval(RELEASE, 1, this.options.key, this.token);
    } catch (error) {
      // It expires by itself within the ttl; a failed release only delays the takeover.
      this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.client.disconnect();
    }
  }

  private round(): void {
    if (this.stopped) return;
    this.running = this.attempt().finally(() => {
      this.running = null;
      if (!this.stopped) this.timer = setTimeout(() => this.round(), this.renewMs);
    });
  }

  private async attempt(): Promise<void> {
    const sentAt = Date.now();
    try {
      if (this.client.status === 'wait' || this.client.status === 'end') await this.client.connect();
      const got = await this.client.eval(ACQUIRE, 1, this.options.key, this.token, String(this.ttlMs));
      if (this.stopped) return;
      if (got === 1) {
        // Counted from when the command was sent: Redis armed the key no earlier than that.
        this.validUntil = sentAt + this.ttlMs - this.renewMs;
        this.set(true);
      } else this.set(false);
    } catch (error) {
      this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
      if (Date.now() >= this.validUntil) this.set(false);
    }
  }

  private lose(): void {
    this.validUntil = 0;
    this.set(false);
  }

  private set(held: boolean): void {
    if (this.holding === held) return;
    this.holding = held;
    this.onChange?.(held);
  }
}
