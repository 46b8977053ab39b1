import type { FailureAction } from '../core/outcome.ts';
import type { FetchFailure } from './types.ts';

type FailureOutcome = FetchFailure['outcome'];

/**
 * An error raised inside the fetcher that already knows its outcome and what the caller should do.
 * These never leave `Fetcher.fetch` (failures are returned as values); they travel through undici's
 * and node's error paths (e.g. out of a `lookup` callback or a stream) and are recognised by
 * `classifyError` anywhere in a `cause` chain.
 */
export class FetchAbortError extends Error {
  readonly outcome: FailureOutcome;
  readonly action: FailureAction;
  readonly code: string;

  constructor(
    outcome: FailureOutcome,
    action: FailureAction,
    code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.outcome = outcome;
    this.action = action;
    this.code = code;
  }
}

/** The network policy forbids this target: fix the policy or the watch list; retrying will not help. */
export class BlockedError extends FetchAbortError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('blocked', 'misconfigured', 'ERR_MAMORI_BLOCKED', `Refused by network policy: ${message}`, options);
  }
}

/** The total deadline for one fetch ran out (slow server, slow-drip body): try again later. */
export class DeadlineError extends FetchAbortError {
  constructor(ms: number) {
    super('timeout', 'retry', 'ERR_MAMORI_DEADLINE', `The whole fetch took longer than ${ms} ms and was abandoned`);
  }
}

/** The body went past a byte cap, on the wire or after decompression (e.g. a gzip bomb). */
export class TooLargeError extends FetchAbortError {
  readonly limit: 'wire' | 'decoded';

  constructor(limit: 'wire' | 'decoded', maxBytes: number) {
    const where = limit === 'wire' ? 'on the wire' : 'after decompression';
    super(
      'too-large',
      'target-down',
      'ERR_MAMORI_TOO_LARGE',
      `Body is larger than ${maxBytes} bytes ${where}; reading stopped there`,
    );
    this.limit = limit;
  }
}

/** The response broke HTTP in a way we detect ourselves (bad redirect, unknown content-encoding). */
export class ProtocolError extends FetchAbortError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('protocol', 'target-down', 'ERR_MAMORI_PROTOCOL', message, options);
  }
}
