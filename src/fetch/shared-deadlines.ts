import { setMaxListeners } from 'node:events';
import { DeadlineError } from './errors.ts';

/** Something stopped when its deadline passes: an in-flight request. */
export interface Abortable {
  abort(reason: Error): void;
}

/**
 * The total deadline of fetches, shared by those that start close together. An AbortController and a
 * timer of its own for every fetch were a measurable share of an unchanged check's CPU (issue 21);
 * every fetch has the same deadline, so the fetches started within one short window share a signal
 * that aborts once the last of them has had its full time: each gets between `totalMs` and
 * `totalMs + windowMs`, never less. One timer per window, however many fetches.
 */
export class SharedDeadlines {
  readonly #totalMs: number;
  readonly #windowMs: number;
  readonly #timers = new Set<NodeJS.Timeout>();
  #current: { signal: AbortSignal; closesAt: number } | null = null;
  readonly #watchers = new WeakMap<AbortSignal, Set<Abortable>>();

  constructor(totalMs: number, windowMs = Math.min(100, Math.max(1, Math.floor(totalMs / 20)))) {
    this.#totalMs = totalMs;
    this.#windowMs = windowMs;
  }

  /** A signal that aborts with a DeadlineError no sooner than `totalMs` from now. */
  signal(): AbortSignal {
    const now = performance.now();
    const current = this.#current;
    if (current !== null && now < current.closesAt) return current.signal;
    const controller = new AbortController();
    // Body readers of the window's encoded pages listen to it: not a leak.
    setMaxListeners(0, controller.signal);
    const watchers = new Set<Abortable>();
    this.#watchers.set(controller.signal, watchers);
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      const reason = new DeadlineError(this.#totalMs);
      controller.abort(reason);
      // Aborted requests leave the set as they go; deleting while iterating a Set is safe.
      for (const watcher of watchers) watcher.abort(reason);
      watchers.clear();
    }, this.#totalMs + this.#windowMs);
    // A deadline alone must not keep a process alive once its fetches are over (their sockets do while
    // they last): a one-shot command whose fetcher is never closed would wait the full deadline to exit.
    timer.unref();
    this.#timers.add(timer);
    this.#current = { signal: controller.signal, closesAt: now + this.#windowMs };
    return controller.signal;
  }

  /**
   * The requests to stop when `signal` aborts. One set per window instead of an abort listener per
   * request: adding and removing EventTarget listeners was a visible share of an unchanged check
   * (issue 21). A request is in the set only while it is in flight.
   */
  watchers(signal: AbortSignal): Set<Abortable> {
    let set = this.#watchers.get(signal);
    if (set === undefined) {
      set = new Set();
      this.#watchers.set(signal, set);
    }
    return set;
  }

  /** Stops the timers: for a fetcher being closed, whose fetches are over. */
  dispose(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#current = null;
  }
}
