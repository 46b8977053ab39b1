import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { type BodyCaps, ReceivedBody, keepWithin, readBodyParts, tooLarge } from './body-reader.ts';
import type { Abortable } from './shared-deadlines.ts';
import { recordResponseHead, type AddressSlot } from './remote-address.ts';

type Controller = Dispatcher.DispatchController;

export interface BodyReadOptions {
  /** Reaching a cap ends reading quietly with what fits (evidence of an error page) instead of failing. */
  truncate: boolean;
  /** Decoded chunks are appended here as they arrive, so a caller still has them if reading fails. */
  received: Buffer[];
  signal: AbortSignal;
}

/** Where the body's wire bytes go once the caller knows what to do with them. */
interface BodySink {
  data(chunk: Buffer): void;
  end(): void;
  fail(error: Error): void;
}

/** Why we stopped a response ourselves: undici hands it back to `onResponseError`, where it is ignored. */
class Stopped extends Error {}

/**
 * The handler of one request, given straight to the agent's `dispatch`: it replaces undici's
 * `request()` (its RequestHandler, AbortSignal listeners and body stream) and our two interceptors,
 * whose machinery was a visible share of an unchanged check's CPU (issue 21).
 *
 * - It fills the evidence slot: the tracker's diagnostics-channel mark at `onRequestStart`, the
 *   response header lines and status text at every `onResponseStart`.
 * - It never pauses undici's parser, which would crash the process when a `Connection: close`
 *   response ends on a paused parser (nodejs/undici#5360, see steady-body.ts); memory stays bounded
 *   because bytes past `maxBytes` are dropped, after one crossing chunk so a reader's meter still sees
 *   the body was too large.
 * - `head` resolves at the final (non-1xx) response head and rejects if the request fails before it.
 *   Body bytes that arrive before the caller chose how to read them are held until it does.
 */
export class PageHandler implements Dispatcher.DispatchHandler, Abortable {
  status = 0;
  headers: IncomingHttpHeaders = {};
  readonly head: Promise<void>;
  readonly #slot: AddressSlot;
  readonly #mark: (slot: AddressSlot) => void;
  readonly #maxBytes: number;
  readonly #inFlight: Set<Abortable>;
  #resolveHead: (() => void) | null = null;
  #rejectHead: ((error: unknown) => void) | null = null;
  #controller: Controller | null = null;
  #abortReason: Error | null = null;
  #passed = 0;
  #sink: BodySink | null = null;
  #held: Buffer[] | null = null;
  #ended = false;
  #error: Error | null = null;

  /**
   * `inFlight` is the deadline's set of requests to stop: the handler is in it from now until its
   * response ends or fails (after that, body readers have the deadline's signal).
   */
  constructor(slot: AddressSlot, mark: (slot: AddressSlot) => void, maxBytes: number, inFlight: Set<Abortable>) {
    this.#slot = slot;
    this.#mark = mark;
    this.#maxBytes = maxBytes;
    this.#inFlight = inFlight;
    inFlight.add(this);
    this.head = new Promise<void>((resolve, reject) => {
      this.#resolveHead = resolve;
      this.#rejectHead = reject;
    });
  }

  onRequestStart(controller: Controller): void {
    this.#controller = controller;
    if (this.#abortReason) {
      controller.abort(this.#abortReason);
      return;
    }
    this.#mark(this.#slot);
  }

  onResponseStart(controller: Controller, status: number, headers: IncomingHttpHeaders, message?: string): void {
    // undici's controller hands over the header lines as the parser's buffers.
    recordResponseHead(this.#slot, (controller as { rawHeaders?: Buffer[] | null }).rawHeaders, message);
    // An informational answer (100 Continue, 103 Early Hints) is not the response: wait for the next head.
    if (status < 200) return;
    this.status = status;
    this.headers = headers;
    const resolve = this.#resolveHead;
    this.#resolveHead = this.#rejectHead = null;
    resolve?.();
  }

  onResponseData(_controller: Controller, chunk: Buffer): void {
    if (this.#passed > this.#maxBytes) return;
    this.#passed += chunk.length;
    if (this.#sink) this.#sink.data(chunk);
    else (this.#held ??= []).push(chunk);
  }

  onResponseEnd(): void {
    this.#inFlight.delete(this);
    this.#ended = true;
    this.#sink?.end();
  }

  onResponseError(_controller: Controller, error: Error): void {
    this.#inFlight.delete(this);
    const reject = this.#rejectHead;
    if (reject) {
      this.#resolveHead = this.#rejectHead = null;
      reject(error);
      return;
    }
    this.#error = error;
    this.#sink?.fail(error);
  }

  /** Stops the request (the deadline, a cap, a body nobody reads); a no-op once it is complete. */
  abort(reason: Error): void {
    if (this.#controller) this.#controller.abort(reason);
    else this.#abortReason ??= reason;
  }

  /**
   * Reads the body within the caps, like body-reader's `readBodyParts` (same caps, truncation and
   * errors): an uncompressed body straight from the parser's chunks, an encoded one through
   * body-reader's decoder pipeline, fed from this handler.
   */
  read(contentEncoding: string | null, caps: BodyCaps, options: BodyReadOptions): Promise<ReceivedBody> {
    if (options.signal.aborted) {
      this.discard();
      // The deadline's reason, a DeadlineError.
      return Promise.reject(options.signal.reason as Error);
    }
    if (contentEncoding !== null) {
      const source = new FedBody(this);
      this.#attach(source);
      return readBodyParts(source, contentEncoding, caps, options);
    }
    return new Promise<ReceivedBody>((resolve, reject) => {
      this.#attach(new PlainSink(this, caps, options.truncate, options.received, resolve, reject));
    });
  }

  /** Reads and drops up to `limit` bytes (a redirect's body, so its connection can be reused). */
  drain(limit: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#attach(new DrainSink(this, limit, resolve));
    });
  }

  /** Drops the body unread and closes the request. */
  discard(): void {
    this.#attach(IGNORE);
    this.abort(new Stopped('body not read'));
  }

  #attach(sink: BodySink): void {
    this.#sink = sink;
    const held = this.#held;
    this.#held = null;
    if (held) for (const chunk of held) sink.data(chunk);
    if (this.#error) sink.fail(this.#error);
    else if (this.#ended) sink.end();
  }
}

const IGNORE: BodySink = { data: () => undefined, end: () => undefined, fail: () => undefined };

/**
 * An uncompressed body kept in its chunks (the same caps as body-reader's `readPlain`): the smallest
 * unit is the chunk the parser hands over, appended to `received` as it comes.
 */
class PlainSink implements BodySink {
  readonly #limit: number;
  #seen = 0;
  #done = false;

  constructor(
    private readonly handler: PageHandler,
    private readonly caps: BodyCaps,
    private readonly truncate: boolean,
    private readonly received: Buffer[],
    private readonly resolve: (body: ReceivedBody) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    this.#limit = Math.min(caps.maxWireBytes, caps.maxDecodedBytes);
  }

  data(chunk: Buffer): void {
    if (this.#done) return;
    const room = this.#limit - this.#seen;
    this.#seen += chunk.length;
    if (!keepWithin(this.received, chunk, room)) return;
    this.#done = true;
    this.handler.abort(new Stopped('body over its cap'));
    if (this.truncate) this.resolve(new ReceivedBody(this.received));
    else this.reject(tooLarge(this.caps, this.#limit));
  }

  end(): void {
    if (this.#done) return;
    this.#done = true;
    this.resolve(new ReceivedBody(this.received));
  }

  fail(error: Error): void {
    if (this.#done) return;
    this.#done = true;
    this.reject(error);
  }
}

/**
 * The body as a Readable for the decoder pipeline. It buffers whatever it is given (never asking the
 * parser to wait: see PageHandler); memory is bounded by the handler's cap. Destroyed early by the
 * pipeline (a cap, the deadline, a bad coding), it stops the request.
 */
class FedBody extends Readable implements BodySink {
  readonly #handler: PageHandler;
  #finished = false;

  constructor(handler: PageHandler) {
    super();
    this.#handler = handler;
  }

  override _read(): void {
    // Data is pushed as it arrives; there is nothing to ask for.
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.#finished) this.#handler.abort(new Stopped('body reader stopped'));
    callback(error);
  }

  data(chunk: Buffer): void {
    if (!this.destroyed) this.push(chunk);
  }

  end(): void {
    this.#finished = true;
    if (!this.destroyed) this.push(null);
  }

  fail(error: Error): void {
    this.#finished = true;
    if (!this.destroyed) this.destroy(error);
  }
}

/** Counts and drops a body; past `limit` the request is stopped instead (the connection is not reused). */
class DrainSink implements BodySink {
  #seen = 0;
  #done = false;

  constructor(
    private readonly handler: PageHandler,
    private readonly limit: number,
    private readonly resolve: () => void,
  ) {}

  data(chunk: Buffer): void {
    if (this.#done) return;
    this.#seen += chunk.length;
    if (this.#seen <= this.limit) return;
    this.#done = true;
    this.handler.abort(new Stopped('redirect body over the drain limit'));
    this.resolve();
  }

  end(): void {
    this.fail();
  }

  fail(): void {
    if (this.#done) return;
    this.#done = true;
    this.resolve();
  }
}
