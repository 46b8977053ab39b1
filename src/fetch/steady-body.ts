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
  return (dispatch) => (options, handler) => {
    const maxBytes = capOf(options);
    let passed = 0;
    let steady: Dispatcher.DispatchController | null = null;
    const wrap = (controller: Dispatcher.DispatchController): Dispatcher.DispatchController =>
      (steady ??= steadyController(controller));
    return dispatch(options, {
      onRequestStart: (controller, context: unknown) => handler.onRequestStart?.(wrap(controller), context),
      onRequestUpgrade: (controller, status, headers, socket) =>
        handler.onRequestUpgrade?.(wrap(controller), status, headers, socket),
      onResponseStart: (controller, status, headers, message) =>
        handler.onResponseStart?.(wrap(controller), status, headers, message),
      onResponseData: (controller, chunk) => {
        if (passed > maxBytes) return;
        passed += chunk.length;
        handler.onResponseData?.(wrap(controller), chunk);
      },
      onResponseEnd: (controller, trailers) => handler.onResponseEnd?.(wrap(controller), trailers),
      onResponseError: (controller, error) => handler.onResponseError?.(wrap(controller), error),
    });
  };
}

/** The real controller with `pause` made a no-op; everything else (abort above all) goes through. */
function steadyController(inner: Dispatcher.DispatchController): Dispatcher.DispatchController {
  return {
    get aborted() {
      return inner.aborted;
    },
    get paused() {
      return false;
    },
    get reason() {
      return inner.reason;
    },
    get rawHeaders() {
      return inner.rawHeaders;
    },
    get rawTrailers() {
      return inner.rawTrailers;
    },
    abort: (reason) => inner.abort(reason),
    pause: () => undefined,
    resume: () => inner.resume(),
  };
}
