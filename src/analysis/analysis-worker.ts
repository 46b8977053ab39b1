/**
 * The body of an analysis worker thread: runs each job it is sent and answers with its value, one at
 * a time. It holds no state between jobs, so the pool may terminate it at any moment (deadline) and
 * start another. A heap that outgrows the worker's `resourceLimits` kills the thread; the pool sees it.
 */
import { readlinkSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { runJob } from './run-job.ts';
import type { AnalysisJob } from './types.ts';

/** What the pool sends: one job and its number. */
export interface WorkerRequest {
  id: number;
  job: AnalysisJob;
}

/** What the worker answers: `ready` once loaded, then one reply per request. */
export type WorkerReply =
  | { type: 'ready'; osThreadId: number | null }
  | { type: 'done'; id: number; value: unknown }
  | { type: 'failed'; id: number; message: string };

const port = parentPort;
if (!port) throw new Error('analysis-worker.ts runs only as a worker thread (see analysis-pool.ts)');

port.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { type: 'done', id: request.id, value: runJob(request.job) };
  } catch (error) {
    // Core is total; a throw (a stack overflow, say) is answered, and the worker stays usable.
    reply = { type: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
port.postMessage({ type: 'ready', osThreadId: osThreadId() } satisfies WorkerReply);

/**
 * This thread's id in the operating system (Linux: /proc/thread-self names it), so a benchmark can tell
 * the analysis threads' CPU from the main thread's; null where there is no such file.
 */
function osThreadId(): number | null {
  try {
    const id = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(id) ? id : null;
  } catch {
    return null;
  }
}
