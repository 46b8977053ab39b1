import { setMaxListeners } from 'node:events';
import { DeadlineError } from './errors.ts';

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
    // Every fetch of the window listens to it (undici and the body reader): not a leak.
    setMaxListeners(0, controller.signal);
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      controller.abort(new DeadlineError(this.#totalMs));
    }, this.#totalMs + this.#windowMs);
    // A deadline alone must not keep a process alive once its fetches are over (their sockets do while
    // they last): a one-shot command whose fetcher is never closed would wait the full deadline to exit.
    timer.unref();
    this.#timers.add(timer);
    this.#current = { signal: controller.signal, closesAt: now + this.#windowMs };
    return controller.signal;
  }

  /** Stops the timers: for a fetcher being closed, whose fetches are over. */
  dispose(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#current = null;
  }
}
