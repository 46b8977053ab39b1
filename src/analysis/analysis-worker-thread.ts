/**
 * One analysis worker thread and its lifecycle: started with a heap cap, loaded the way the CLI loads
 * TypeScript (tsx) when the sources are .ts, fed one job at a time, and reporting how it died.
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AnalysisJob } from './types.ts';
import type { WorkerReply, WorkerRequest } from './analysis-worker.ts';

const ENTRY = new URL(
  import.meta.url.endsWith('.ts') ? './analysis-worker.ts' : './analysis-worker.js',
  import.meta.url,
);

/**
 * The thread's first code, evaluated as a script: registers tsx inside the thread when the entry is
 * TypeScript (a worker does not inherit the loader the CLI or vitest registered in the main thread),
 * then imports the entry. A failed import is rethrown so the thread dies with it and the pool hears.
 */
const BOOT = `
const { workerData } = require('node:worker_threads');
(workerData.tsx ? import(workerData.tsx).then((tsx) => tsx.register()) : Promise.resolve())
  .then(() => import(workerData.entry))
  .catch((error) => setImmediate(() => { throw error; }));
`;

/** tsx's ESM register API as a file URL (resolved here: the thread's script has no module of its own to resolve from). */
function tsxLoader(): string | null {
  if (!ENTRY.pathname.endsWith('.ts')) return null;
  // `require.resolve` finds the package's CommonJS build; its ESM twin sits beside it.
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  return pathToFileURL(cjs.replace(/\.cjs$/, '.mjs')).href;
}

/**
 * Young generation of each thread. Left to V8, a worker's young generation is sized for the machine
 * (up to 48 MB on a large one); analysis garbage is short-lived and 16 MB collects it at the same CPU
 * cost (paired runs, docs/benchmarks.md), which takes about 15 MB off each thread's resident memory.
 */
const YOUNG_GENERATION_MB = 16;

export interface ThreadLimits {
  maxMemoryMb: number;
}

/** How one job ended inside a thread. `time` is the caller's deadline; the thread is then unusable. */
export type JobEnd =
  | { type: 'done'; value: unknown; ms: number }
  | { type: 'failed'; message: string; ms: number }
  | { type: 'died'; limit: 'memory' | 'crash'; detail: string; ms: number }
  | { type: 'time'; ms: number };

interface Running {
  id: number;
  started: number;
  settle: (end: JobEnd) => void;
}

export class AnalysisThread {
  private readonly worker: Worker;
  private running: Running | null = null;
  private death: { limit: 'memory' | 'crash'; detail: string } | null = null;
  private nextId = 1;
  /** The thread's id in the operating system once it has loaded (Linux only; see analysis-worker.ts). */
  osThreadId: number | null = null;
  /** Resolves true once the entry is loaded, false if the thread died first. */
  readonly ready: Promise<boolean>;

  constructor(limits: ThreadLimits) {
    this.worker = new Worker(BOOT, {
      eval: true,
      workerData: { entry: ENTRY.href, tsx: tsxLoader() },
      resourceLimits: { maxOldGenerationSizeMb: limits.maxMemoryMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    // An idle thread must not keep a finished command alive; a running job's deadline timer does.
    this.worker.unref();
    let markReady: (ok: boolean) => void = () => undefined;
    this.ready = new Promise<boolean>((resolve) => (markReady = resolve));
    this.worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'ready') {
        this.osThreadId = reply.osThreadId;
        return markReady(true);
      }
      const running = this.running;
      if (!running || running.id !== reply.id) return;
      const ms = performance.now() - running.started;
      running.settle(
        reply.type === 'done'
          ? { type: 'done', value: reply.value, ms }
          : { type: 'failed', message: reply.message, ms },
      );
    });
    this.worker.on('error', (error: Error & { code?: string }) => {
      // 'error' comes before 'exit': it says why the thread is going.
      this.death ??=
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? { limit: 'memory', detail: `memory: over ${limits.maxMemoryMb} MB` }
          : { limit: 'crash', detail: `crash: ${error.message}` };
    });
    this.worker.on('exit', (code) => {
      this.death ??= { limit: 'crash', detail: `crash: the analysis thread exited (code ${code})` };
      markReady(false);
      const running = this.running;
      if (running) running.settle({ type: 'died', ...this.death, ms: performance.now() - running.started });
    });
  }

  /** Why the thread is gone, or null while it lives. */
  get dead(): string | null {
    return this.death?.detail ?? null;
  }

  /** Runs one job; after `timeoutMs` the thread is terminated and the job ends as `time`. */
  run(job: AnalysisJob, timeoutMs: number): Promise<JobEnd> {
    if (this.running) throw new Error('AnalysisThread.run: one job at a time (the pool keeps to that)');
    const id = this.nextId++;
    return new Promise<JobEnd>((resolve) => {
      const started = performance.now();
      const timer = setTimeout(() => {
        settle({ type: 'time', ms: performance.now() - started });
        void this.terminate();
      }, timeoutMs);
      const settle = (end: JobEnd) => {
        if (this.running?.id !== id) return;
        this.running = null;
        clearTimeout(timer);
        resolve(end);
      };
      this.running = { id, started, settle };
      if (this.death) return settle({ type: 'died', ...this.death, ms: 0 });
      try {
        this.worker.postMessage({ id, job } satisfies WorkerRequest);
      } catch (error) {
        // The job itself could not be copied to the thread (not structured-clone data): a bug upstream.
        settle({
          type: 'failed',
          message: `the job could not be sent: ${error instanceof Error ? error.message : String(error)}`,
          ms: 0,
        });
      }
    });
  }

  /** Stops the thread at once, even in the middle of a job (which then ends as died). */
  async terminate(): Promise<void> {
    this.death ??= { limit: 'crash', detail: 'crash: the analysis thread was stopped' };
    await this.worker.terminate();
  }
}
