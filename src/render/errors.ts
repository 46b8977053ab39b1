/**
 * Typed errors of the browser layer. Each names what the caller should do, so the check pipeline can
 * decide without reading messages: fall back to the static analysis, retry later, or record the
 * target as down. `classifyRenderError` turns whatever Playwright or Chromium threw into one of them.
 */

/** What the caller should do about a failed render. */
export type RenderAction =
  /** Chromium cannot be used here: carry on with the static analysis only, and warn once. */
  | 'static-only'
  /** A passing fault (slow page, busy machine): try the render again later. */
  | 'retry'
  /** The browser died; the pool has already restarted it and retried as often as allowed. */
  | 'restart-and-retry'
  /** The target itself could not be loaded: the static check reports it as down. */
  | 'target-down'
  /** The network policy refuses the target: fix the policy or the watch list, do not retry. */
  | 'misconfigured';

export abstract class RenderError extends Error {
  abstract readonly action: RenderAction;
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Chromium is missing, not executable, or fails to start: run static-only with a clear warning. */
export class BrowserUnavailableError extends RenderError {
  readonly action = 'static-only';
  readonly code = 'ERR_MAMORI_BROWSER_UNAVAILABLE';
}

/** The render did not finish within its time budget (slow page, hung script): retry later. */
export class RenderTimeoutError extends RenderError {
  readonly action = 'retry';
  readonly code = 'ERR_MAMORI_RENDER_TIMEOUT';
  readonly timeoutMs: number;

  constructor(timeoutMs: number, url: string, options?: { cause?: unknown }) {
    super(`Rendering ${url} took longer than ${timeoutMs} ms and was abandoned; try again later`, options);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The browser process (or the page's renderer) died during the render. The pool restarts it and
 * retries on its own; this reaches the caller only when every attempt crashed.
 */
export class BrowserCrashedError extends RenderError {
  readonly action = 'restart-and-retry';
  readonly code = 'ERR_MAMORI_BROWSER_CRASHED';
}

/** The page itself could not be loaded (DNS, refused, reset, TLS...): the target is down. */
export class NavigationFailedError extends RenderError {
  readonly action = 'target-down';
  readonly code = 'ERR_MAMORI_NAVIGATION_FAILED';
  /** Chromium's network error, e.g. `net::ERR_CONNECTION_REFUSED`. */
  readonly netError: string;

  constructor(netError: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.netError = netError;
  }
}

/** The network policy (SSRF guard) refuses the page's own address: fix the policy or the watch list. */
export class RenderBlockedError extends RenderError {
  readonly action = 'misconfigured';
  readonly code = 'ERR_MAMORI_RENDER_BLOCKED';
}

/** Anything else that went wrong inside the browser: unexpected, but worth one more try later. */
export class RenderFailedError extends RenderError {
  readonly action = 'retry';
  readonly code = 'ERR_MAMORI_RENDER_FAILED';
}

/** Phrases Playwright uses when the page, its context or the whole browser went away under a call. */
const GONE =
  /Target (?:page, context or browser )?(?:has been )?closed|Browser has been closed|browser has disconnected|Page crashed|Navigation failed because page crashed|Target crashed|Connection closed|has been closed/i;
const LAUNCH_FAILED = /Failed to launch|Executable doesn't exist|spawn .* ENOENT|EACCES|browserType\.launch/i;
const NET_ERROR = /\b(net::ERR_[A-Z0-9_]+)/;

/**
 * Maps an error thrown by Playwright (or by the pool itself) to a RenderError that says what to do.
 * Render errors pass through unchanged; `url` only fills in messages.
 */
export function classifyRenderError(error: unknown, url = 'the page', timeoutMs = 0): RenderError {
  if (error instanceof RenderError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError') return new RenderTimeoutError(timeoutMs, url, { cause: error });
  const net = NET_ERROR.exec(message)?.[1];
  if (net) return new NavigationFailedError(net, `${url} could not be loaded: ${net}`, { cause: error });
  if (LAUNCH_FAILED.test(message)) {
    return new BrowserUnavailableError(
      `Chromium could not be started (${firstLine(message)}); rendering is off until it is fixed`,
      { cause: error },
    );
  }
  if (GONE.test(message))
    return new BrowserCrashedError(`The browser went away while rendering ${url}: ${firstLine(message)}`, {
      cause: error,
    });
  return new RenderFailedError(`Rendering ${url} failed: ${firstLine(message)}`, { cause: error });
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
