import type { IncomingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Dispatcher } from 'undici';

/**
 * Keeps undici's HTTP/1 parser from ever being paused by a slow body reader.
 *
 * Why: undici 7.x (7.30.2 and 7.30.3 at least; fixed only in 8.x, which needs Node 22) asserts
 * `!this.paused` in its socket "end" handler. When a reader applies backpressure just as the last
 * bytes of a `Connection: close` response arrive, the parser is paused, the server's FIN is
 * delivered, and the assertion throws from an event handler: nothing can catch it and the process
 * dies (nodejs/undici#5360). A large gzip page is enough, because decompressing is slower than
 * loopback or LAN delivery. Readers here hold bodies in memory anyway, so the bytes are simply let
 * through to the body stream, and memory is bounded here instead: past `maxBytes` the rest of the
 * body is dropped (after one chunk that crosses the cap, so the reader's own meter still sees that
 * the body was too large and reports it as such).
 */
export function createSteadyBodyInterceptor(
  capOf: (options: Dispatcher.DispatchOptions) => number,
): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (options, handler) => dispatch(options, new SteadyHandler(handler, capOf(options)));
}

type Controller = Dispatcher.DispatchController;

/** The old handler interface that undici's WrapHandler also exposes, forwarding to the handler it wraps. */
interface LegacyHandler {
  onHeaders?: (status: number, rawHeaders: (Buffer | string)[], resume: () => void, message?: string) => boolean | void;
}

/**
 * The handler of one request. Classes rather than object literals of closures: every request built
 * about ten functions (each also named at run time by the build's keepNames), a visible share of an
 * unchanged check (issue 21).
 */
class SteadyHandler implements Dispatcher.DispatchHandler {
  readonly #inner: Dispatcher.DispatchHandler;
  readonly #maxBytes: number;
  #passed = 0;
  #steady: SteadyController | null = null;

  constructor(inner: Dispatcher.DispatchHandler, maxBytes: number) {
    this.#inner = inner;
    this.#maxBytes = maxBytes;
  }

  #wrap(controller: Controller): Controller {
    return (this.#steady ??= new SteadyController(controller));
  }

  onRequestStart(controller: Controller, context: unknown): void {
    this.#inner.onRequestStart?.(this.#wrap(controller), context);
  }

  onRequestUpgrade(controller: Controller, status: number, headers: IncomingHttpHeaders, socket: Duplex): void {
    this.#inner.onRequestUpgrade?.(this.#wrap(controller), status, headers, socket);
  }

  onResponseStart(controller: Controller, status: number, headers: IncomingHttpHeaders, message?: string): void {
    const steady = this.#wrap(controller);
    const legacy = this.#inner as LegacyHandler;
    const raw = controller.rawHeaders;
    // `request()`'s handler is an old-style one behind undici's WrapHandler, which turns the parsed
    // headers back into buffers for it to parse again (1.6 KB a response; issue 21). Handed the raw
    // header lines as received, it parses them once; both read them as Latin-1, so the headers are the
    // same. Its return value would only pause, which this handler never does.
    if (typeof legacy.onHeaders === 'function' && Array.isArray(raw)) {
      legacy.onHeaders(status, raw, steady.resume.bind(steady), message);
      return;
    }
    this.#inner.onResponseStart?.(steady, status, headers, message);
  }

  onResponseData(controller: Controller, chunk: Buffer): void {
    if (this.#passed > this.#maxBytes) return;
    this.#passed += chunk.length;
    this.#inner.onResponseData?.(this.#wrap(controller), chunk);
  }

  onResponseEnd(controller: Controller, trailers: IncomingHttpHeaders): void {
    this.#inner.onResponseEnd?.(this.#wrap(controller), trailers);
  }

  onResponseError(controller: Controller, error: Error): void {
    this.#inner.onResponseError?.(this.#wrap(controller), error);
  }
}

/** The real controller with `pause` made a no-op; everything else (abort above all) goes through. */
class SteadyController implements Controller {
  readonly #inner: Controller;

  constructor(inner: Controller) {
    this.#inner = inner;
  }

  get aborted(): boolean {
    return this.#inner.aborted;
  }

  get paused(): boolean {
    return false;
  }

  get reason(): Error | null {
    return this.#inner.reason;
  }

  get rawHeaders(): Controller['rawHeaders'] {
    return this.#inner.rawHeaders;
  }

  get rawTrailers(): Controller['rawTrailers'] {
    return this.#inner.rawTrailers;
  }

  abort(reason: Error): void {
    this.#inner.abort(reason);
  }

  pause(): void {
    // Never paused: see createSteadyBodyInterceptor.
  }

  resume(): void {
    this.#inner.resume();
  }
}
