/** Bookkeeping of one fetch, and how it turns into a classified FetchFailure. */
import type { FailureAction } from '../core/outcome.ts';
import { classifyError, errorChain } from './classify-error.ts';
import { DeadlineError, FetchAbortError } from './errors.ts';
import type { FetchFailure, FetchResult, HttpExchange, RedirectHop } from './types.ts';

/** How much of an error page (or of a body cut short) is kept as evidence. */
export const EVIDENCE_BYTES = 64 * 1024;

/** What has been learnt so far in one fetch: the evidence a failure carries. */
export interface Progress {
  requestedUrl: string;
  started: number;
  headersAt: number | null;
  status: number | null;
  redirects: RedirectHop[];
  headers: Record<string, string>;
  remoteAddress: string | null;
  /** Decoded body chunks of the current response, kept as they arrive. */
  received: Buffer[];
  /** Request and response heads so far, one per hop. */
  exchanges: HttpExchange[];
}

export function startProgress(requestedUrl: string): Progress {
  return {
    requestedUrl,
    started: performance.now(),
    headersAt: null,
    status: null,
    redirects: [],
    headers: {},
    remoteAddress: null,
    received: [],
    exchanges: [],
  };
}

export interface Verdict {
  outcome: FetchFailure['outcome'];
  action: FailureAction;
  message: string;
}

/**
 * Our own errors say what they are; otherwise, if our deadline fired, whatever undici threw on the
 * way out (an abort, a destroyed stream) is a timeout; otherwise classify the error itself.
 */
export function classifyThrown(error: unknown, signal: AbortSignal, progress: Progress): Verdict {
  const chain = errorChain(error);
  const own = chain.find((e) => e instanceof FetchAbortError && !(e instanceof DeadlineError));
  if (own) return classifyError(own);
  if (signal.aborted) return classifyError(signal.reason);
  // A clean close (not a reset) before the declared length arrived: the server's Content-Length lied.
  const closedEarly = chain.some((e) => (e as { code?: unknown } | null)?.code === 'UND_ERR_SOCKET');
  const declared = progress.headers['content-length'];
  if (closedEarly && progress.headersAt !== null && declared !== undefined) {
    const message = `The server closed the connection before sending the ${declared} bytes its Content-Length declared`;
    return { outcome: 'protocol', action: 'target-down', message };
  }
  return classifyError(error);
}

export function failed(progress: Progress, verdict: Verdict, body: Buffer | null): FetchResult {
  const totalMs = performance.now() - progress.started;
  const failure: FetchFailure = {
    ...verdict,
    requestedUrl: progress.requestedUrl,
    status: progress.status,
    redirects: progress.redirects,
    headers: progress.headers,
    remoteAddress: progress.remoteAddress,
    // When headers never came, the wait for them lasted the whole attempt.
    timings: { headersMs: progress.headersAt === null ? totalMs : progress.headersAt - progress.started, totalMs },
    body,
    exchanges: progress.exchanges,
  };
  return { ok: false, failure };
}

export function evidenceOf(received: Buffer[]): Buffer | null {
  if (received.length === 0) return null;
  // Copy only what is kept: a decompression bomb leaves tens of MB here, and copying them all
  // stalled the event loop for most of a second.
  let total = 0;
  for (const chunk of received) total += chunk.length;
  return Buffer.concat(received, Math.min(total, EVIDENCE_BYTES));
}
