/**
 * A small pool of analysis worker threads: N threads, a FIFO of jobs, a deadline per job and a heap
 * cap per thread. A job that outruns its deadline has its thread terminated and replaced; a thread
 * that runs out of memory (or dies of anything else) is replaced too. Every job gets an outcome,
 * never a throw, so one hostile page costs at most one deadline of one thread and nothing else.
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { AnalysisThread, type JobEnd } from './analysis-worker-thread.ts';
import type { AnalysisJob, AnalysisOutcome, Analyser, JobValue } from './types.ts';

export interface AnalysisPoolOptions {
  /** Threads; 0 picks one fewer than the cores, at least one and at most four. */
  workers: number;
  /** Deadline of one job once a thread has started it. */
  timeoutMs: number;
  /** Old-generation heap cap of each thread (`resourceLimits.maxOldGenerationSizeMb`). */
  maxMemoryMb: number;
  /** How long a new thread may take to load before its job fails as a crash (loading is not the job's time). */
  startTimeoutMs?: number;
  /** A thread left without a job this long is stopped (default five minutes); the next job starts another. */
  idleMs?: number;
  log?: Logger;
}

interface Queued {
  job: AnalysisJob;
  /** Characters to analyse: small pages go first (see `takeNext`). */
  size: number;
  timeoutMs: number;
  queuedAt: number;
  resolve: (outcome: AnalysisOutcome<unknown>) => void;
}

interface Slot {
  thread: AnalysisThread | null;
  busy: boolean;
  /** Stops the thread once it has been idle for `idleMs`. */
  idleTimer: NodeJS.Timeout | null;
}

export interface AnalysisPoolStats {
  workers: number;
  busy: number;
  queued: number;
  /** Threads alive now (loaded or loading): idle ones are stopped after `idleMs`. */
  threads: number;
  /** Threads started since the pool opened: each one loads the code and warms it up again. */
  started: number;
  /** The live threads' ids in the operating system, where known (a benchmark splits CPU by thread with them). */
  osThreadIds: number[];
  /** Threads replaced since start, by why: deadline, heap cap, other deaths. */
  replaced: { time: number; memory: number; crash: number };
}

export function workerCount(configured: number): number {
  return configured > 0 ? configured : Math.min(4, Math.max(1, availableParallelism() - 1));
}

const START_TIMEOUT_MS = 60_000;
/**
 * A thread costs about 50 MB of resident memory while it lives, and a watch whose pages do not change
 * has no analysis to run: stopped after five minutes without work, it costs nothing between changes.
 * Not sooner: a new thread loads (about 150 ms of CPU, compiled) and then runs its first pages
 * unoptimised, about 350 ms of CPU in all before it is as quick as a warm one; with a minute, a watch
 * whose changes came a minute or two apart paid that for each (bench:watch, 7 December, fifth sitting).
 */
const IDLE_MS = 5 * 60_000;
const MiB = 1024 * 1024;

export class AnalysisPool implements Analyser {
  private readonly slots: Slot[];
  private readonly queue: Queued[] = [];
  private readonly replaced = { time: 0, memory: 0, crash: 0 };
  private closed = false;
  private started = 0;

  constructor(private readonly options: AnalysisPoolOptions) {
    this.slots = Array.from({ length: workerCount(options.workers) }, () => ({
      thread: null,
      busy: false,
      idleTimer: null,
    }));
  }

  /** `timeoutMs` overrides the pool's deadline for this one job. */
  run<J extends AnalysisJob>(job: J, limits: { timeoutMs?: number } = {}): Promise<AnalysisOutcome<JobValue<J>>> {
    if (this.closed)
      return Promise.resolve({
        ok: false,
        limit: 'unavailable',
        detail: 'unavailable: the analysis pool is closed',
        ms: 0,
      });
    const size = sizeOf(job);
    const tooLarge = this.tooLarge(size);
    if (tooLarge) return Promise.resolve({ ok: false, limit: 'memory', detail: tooLarge, ms: 0 });
    return new Promise((resolve) => {
      this.queue.push({
        job,
        size,
        timeoutMs: limits.timeoutMs ?? this.options.timeoutMs,
        queuedAt: performance.now(),
        resolve: resolve as (outcome: AnalysisOutcome<unknown>) => void,
      });
      this.pump();
    });
  }

  stats(): AnalysisPoolStats {
    return {
      workers: this.slots.length,
      busy: this.slots.filter((s) => s.busy).length,
      queued: this.queue.length,
      threads: this.slots.filter((s) => s.thread !== null && s.thread.dead === null).length,
      started: this.started,
      osThreadIds: this.slots.flatMap((s) =>
        s.thread?.osThreadId != null && s.thread.dead === null ? [s.thread.osThreadId] : [],
      ),
      replaced: { ...this.replaced },
    };
  }

  /** Jobs not started end as crashes; running ones are stopped with their threads. */
  async close(): Promise<void> {
    this.closed = true;
    for (const slot of this.slots) if (slot.idleTimer) clearTimeout(slot.idleTimer);
    for (const queued of this.queue.splice(0))
      queued.resolve({
        ok: false,
        limit: 'unavailable',
        detail: 'unavailable: the analysis pool closed before the job ran',
        ms: 0,
      });
    await Promise.all(this.slots.map((slot) => slot.thread?.terminate() ?? Promise.resolve()));
  }

  /**
   * Why a page is refused before it reaches a thread, or null. V8 lets a thread's heap overshoot its
   * cap by a fixed 16 MB while it is stopped; one allocation larger than that (copying a huge page
   * into a heap already near its cap) is fatal to the whole process, not just the thread. Pages are
   * therefore kept to a quarter of the cap (as UTF-16), which leaves the model room to grow gradually.
   */
  private tooLarge(chars: number): string | null {
    const mb = (chars * 2) / MiB;
    if (mb <= this.options.maxMemoryMb / 4) return null;
    return `memory: the page (${mb.toFixed(1)} MB as text) is too large to analyse within ${this.options.maxMemoryMb} MB`;
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.closed || this.queue.length === 0) return;
      if (slot.busy) continue;
      const next = this.takeNext();
      slot.busy = true;
      if (slot.idleTimer) clearTimeout(slot.idleTimer);
      slot.idleTimer = null;
      void this.execute(slot, next)
        // A thread that cannot even be constructed (out of threads, say) must not leave the slot busy.
        .catch((error: unknown): AnalysisOutcome<unknown> => ({
          ok: false,
          limit: 'unavailable',
          detail: `unavailable: ${error instanceof Error ? error.message : String(error)}`,
          ms: 0,
        }))
        .then((outcome) => {
          slot.busy = false;
          this.stopWhenIdle(slot);
          next.resolve(outcome);
          this.pump();
        });
    }
  }

  /** Arms the slot's idle timer: its thread is stopped unless a job comes first (`pump` disarms it). */
  private stopWhenIdle(slot: Slot): void {
    if (this.closed || slot.thread === null) return;
    slot.idleTimer = setTimeout(() => {
      slot.idleTimer = null;
      const thread = slot.thread;
      if (slot.busy || thread === null) return;
      slot.thread = null;
      void thread.terminate();
    }, this.options.idleMs ?? IDLE_MS);
    // Nothing to stop in a process that is ending anyway.
    slot.idleTimer.unref();
  }

  /**
   * The smallest page waiting, so ordinary pages are not held up behind a few huge or hostile ones
   * (which may each take a whole deadline); but a job that has waited a deadline's length goes first,
   * oldest first, so a large page is never starved by a stream of small ones.
   */
  private takeNext(): Queued {
    const overdue = performance.now() - this.options.timeoutMs;
    let pick = 0;
    for (let i = 1; i < this.queue.length; i++) {
      const a = this.queue[i] as Queued;
      const b = this.queue[pick] as Queued;
      const aOverdue = a.queuedAt <= overdue;
      const bOverdue = b.queuedAt <= overdue;
      if (aOverdue !== bOverdue ? aOverdue : aOverdue ? a.queuedAt < b.queuedAt : a.size < b.size) pick = i;
    }
    return this.queue.splice(pick, 1)[0] as Queued;
  }

  private async execute(slot: Slot, { job, timeoutMs }: Queued): Promise<AnalysisOutcome<unknown>> {
    const thread = await this.readyThread(slot);
    if (typeof thread === 'string') return { ok: false, limit: 'unavailable', detail: thread, ms: 0 };
    // Closed while this job waited for its thread to load: it never ran.
    if (this.closed)
      return {
        ok: false,
        limit: 'unavailable',
        detail: 'unavailable: the analysis pool closed before the job ran',
        ms: 0,
      };
    const end = await thread.run(job, timeoutMs);
    return this.outcomeOf(slot, thread, end, timeoutMs);
  }

  private outcomeOf(slot: Slot, thread: AnalysisThread, end: JobEnd, timeoutMs: number): AnalysisOutcome<unknown> {
    if (end.type === 'done') return { ok: true, value: end.value, ms: end.ms };
    if (end.type === 'failed') return { ok: false, limit: 'crash', detail: `crash: ${end.message}`, ms: end.ms };
    // The thread is gone (terminated at the deadline, or dead): its replacement starts loading now,
    // so the next job does not wait for it.
    if (slot.thread === thread) slot.thread = this.closed ? null : this.newThread();
    const limit = end.type === 'time' ? 'time' : this.closed ? 'unavailable' : end.limit;
    if (limit === 'unavailable')
      return { ok: false, limit, detail: 'unavailable: the analysis pool closed while the job ran', ms: end.ms };
    this.replaced[limit]++;
    const detail = end.type === 'time' ? `time: ${seconds(timeoutMs)}` : end.detail;
    this.options.log?.warn(
      { limit, detail, ms: Math.round(end.ms) },
      'analysis ran out of its limits; its worker thread is replaced',
    );
    return { ok: false, limit, detail, ms: end.ms };
  }

  private newThread(): AnalysisThread {
    this.started++;
    return new AnalysisThread({ maxMemoryMb: this.options.maxMemoryMb });
  }

  /** The slot's thread, started and loaded; a string says why none could be. */
  private async readyThread(slot: Slot): Promise<AnalysisThread | string> {
    if (slot.thread?.dead) slot.thread = null;
    const thread = (slot.thread ??= this.newThread());
    let timer: NodeJS.Timeout | undefined;
    const started = await Promise.race([
      thread.ready,
      new Promise<false>(
        (resolve) => (timer = setTimeout(() => resolve(false), this.options.startTimeoutMs ?? START_TIMEOUT_MS)),
      ),
    ]);
    clearTimeout(timer);
    if (started) return thread;
    const why = thread.dead ?? 'it did not load in time';
    await thread.terminate();
    if (slot.thread === thread) slot.thread = null;
    this.options.log?.error({ why }, 'an analysis worker thread could not start');
    return `unavailable: the analysis thread could not start (${why})`;
  }
}

function sizeOf(job: AnalysisJob): number {
  return job.kind === 'analyse' ? job.html.length : job.observation.kind === 'page' ? job.observation.html.length : 0;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
