import type { Clock } from '../pipeline/clock.ts';

export interface PolitenessOptions {
  /** Requests in flight to one host at most. */
  perHostConcurrency: number;
  /** Minimum time between the starts of two requests to one host. */
  minSpacingMs: number;
}

/**
 * What the checks need of politeness: a turn on a host. In this process (HostGate) or across every
 * process of a cluster (RedisHostGate).
 */
export interface PolitenessGate {
  /** Wait for a slot on `host`; call the returned function exactly once when the request is done. */
  acquire(host: string): Promise<() => void>;
  /** Hosts with requests in flight or waiting in this process (for metrics). */
  busyHosts(): number;
}

interface HostState {
  active: number;
  lastStart: number;
  queue: (() => void)[];
}

/**
 * Per-host politeness: Mamori must never look like an attack on the sites it protects. Requests to
 * one host wait their turn (FIFO) for a free slot and for the minimum spacing since the last start.
 */
export class HostGate implements PolitenessGate {
  private readonly hosts = new Map<string, HostState>();

  constructor(
    private readonly options: PolitenessOptions,
    private readonly clock: Clock,
  ) {}

  /** Wait for a slot on `host`; call the returned function exactly once when the request is done. */
  async acquire(host: string): Promise<() => void> {
    const state = this.state(host);
    if (state.active >= this.options.perHostConcurrency || state.queue.length > 0) {
      await new Promise<void>((resolve) => state.queue.push(resolve));
    } else {
      state.active += 1;
    }
    const wait = state.lastStart + this.options.minSpacingMs - this.clock.now();
    // Reserve the start time before sleeping so concurrent holders space out rather than bunch up.
    state.lastStart = Math.max(this.clock.now(), state.lastStart + this.options.minSpacingMs);
    if (wait > 0) await this.clock.sleep(wait);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release(host, state);
    };
  }

  /** Hosts with requests in flight or waiting (for metrics). */
  busyHosts(): number {
    let busy = 0;
    for (const s of this.hosts.values()) if (s.active > 0 || s.queue.length > 0) busy += 1;
    return busy;
  }

  private state(host: string): HostState {
    let s = this.hosts.get(host);
    if (!s) {
      s = { active: 0, lastStart: -Infinity, queue: [] };
      this.hosts.set(host, s);
    }
    return s;
  }

  private release(host: string, state: HostState): void {
    const next = state.queue.shift();
    if (next) {
      next(); // the slot passes straight to the next waiter
      return;
    }
    state.active -= 1;
    // An idle host is forgotten only once its spacing has passed: forgetting it sooner would let the
    // next request start at once, however recently the last one did.
    if (state.active === 0 && this.clock.now() >= state.lastStart + this.options.minSpacingMs) this.hosts.delete(host);
  }
}
