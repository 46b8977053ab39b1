/**
 * How a guarded context's requests reach the network. Two paths:
 *
 * - Subresources (scripts, images, fetch, XHR, styles, fonts...) are let through with
 *   `route.continue()`: Chromium's own network stack makes them, so CORS, CORB/ORB, mixed-content
 *   rules and the rest of the browser's security model apply exactly as for a visitor. The context's
 *   proxy is the guarding proxy (guarding-proxy.ts), which vets every destination with the SSRF
 *   guard and connects to the vetted address itself: Chromium never resolves or connects anywhere.
 *   Redirects are followed by Chromium (Playwright does not route redirect hops); each hop goes
 *   through the proxy and is counted here from the `request` event.
 * - Documents (the main page and frames) are fetched here through the SSRF-guarded fetcher and
 *   fulfilled, as before: CORS does not apply to navigations, and this is where an off-site
 *   top-level navigation is stopped and a redirect is seen and recorded before the browser follows
 *   it. A navigation's redirect is answered with a tiny page that moves on with `location.replace`,
 *   so the browser asks for the new address and that request is routed like any other.
 *
 * Only refusals decided by the render's session (scheme, method, caps) are answered here for
 * subresources; the proxy records its own refusals in the session as it makes them. What escapes
 * both dies at the browser's black-hole proxy.
 */
import type { BrowserContext, Request, Route } from 'playwright-core';
import { hostOf, isExternalHost } from '../core/url.ts';
import type { AbortCode, GuardedFetcher } from './guarded-fetch.ts';
import type { RenderSession } from './render-session.ts';

/** The render a request belongs to, or null once that render is over. */
export type SessionLookup = () => RenderSession | null;

/** A request let through to the network, and the render it is charged to. */
interface Passed {
  session: RenderSession;
  open: boolean;
}

type PassedRequests = WeakMap<Request, Passed>;

export async function installNetworkGuard(
  context: BrowserContext,
  fetcher: GuardedFetcher,
  current: SessionLookup,
): Promise<void> {
  const passed: PassedRequests = new WeakMap();
  watchPassedRequests(context, passed);
  await context.route(
    () => true,
    (route) => handleRoute(route, fetcher, current(), passed),
  );
  await context.routeWebSocket(
    () => true,
    async (ws) => {
      current()?.block(ws.url(), 'websocket', 'websocket', 'WebSockets are not opened from rendered pages');
      await ws.close({ code: 1008, reason: 'refused by Mamori' }).catch(() => undefined);
    },
  );
}

async function handleRoute(
  route: Route,
  fetcher: GuardedFetcher,
  session: RenderSession | null,
  passed: PassedRequests,
): Promise<void> {
  const request = route.request();
  if (!session || session.isEnded) {
    // A request from a render that is over (a timer that fired late): nobody is listening.
    await abort(route, 'failed');
    return;
  }
  const url = request.url();
  const type = request.resourceType();
  const navigation = request.isNavigationRequest();
  const main = navigation && isMainFrame(request);
  const refusal = session.admit(url, request.method());
  if (refusal) {
    session.block(url, type, refusal.reason, refusal.message);
    if (main) session.mainFailure = { blocked: true, message: refusal.message };
    await abort(route, 'blockedbyclient');
    return;
  }
  if (!navigation) {
    passed.set(request, { session, open: true });
    session.passed(url, type);
    session.requestStarted();
    await route.continue().catch(() => ended(request, passed));
    return;
  }
  if (main && session.homeHost !== null && isExternalHost(hostOf(url), session.homeHost)) {
    // Off-site top-level navigation: the monitor never follows the visitor to the attacker's site.
    // 204 makes Chromium stay on the current document, which is the one to probe.
    if (session.offsiteNavigations.length < 20) session.offsiteNavigations.push(url.slice(0, 2000));
    await route.fulfill({ status: 204, body: '' }).catch(() => undefined);
    return;
  }
  await fetchDocument(route, fetcher, session, main);
}

/**
 * Redirect hops, ends and failures of the requests let through (the guard sees no more of them
 * than that). These are events, and may come late: nothing the caps depend on waits for them.
 */
function watchPassedRequests(context: BrowserContext, passed: PassedRequests): void {
  context.on('request', (request) => {
    const from = request.redirectedFrom();
    const entry = from ? passed.get(from) : undefined;
    if (!entry || entry.session.isEnded) return;
    passed.set(request, { session: entry.session, open: true });
    entry.session.noteRedirect(request.url());
    entry.session.passed(request.url(), request.resourceType());
    entry.session.requestStarted();
  });
  context.on('requestfinished', (request) => ended(request, passed));
  context.on('response', (response) => {
    const entry = passed.get(response.request());
    entry?.session.noteResponse(response.url(), response.status(), response.headers());
  });
  context.on('requestfailed', (request) => {
    const entry = ended(request, passed);
    if (!entry || entry.session.isEnded) return;
    const url = request.url();
    const errorText = request.failure()?.errorText ?? 'failed';
    // The proxy's refusals are recorded by the proxy itself; a request cancelled by the page or by
    // a navigation away is not a failure of the site.
    if (entry.session.hasProxyVerdict(url) || errorText === 'net::ERR_ABORTED') return;
    entry.session.fail(url, request.resourceType(), errorText);
  });
}

/** Marks a passed request over (once); returns its entry, or undefined when it was not one of ours or already over. */
function ended(request: Request, passed: PassedRequests): Passed | undefined {
  const entry = passed.get(request);
  if (!entry?.open) return undefined;
  entry.open = false;
  entry.session.requestEnded(0);
  return entry;
}

/** A document (main page or frame), fetched through the guarded fetcher and fulfilled. */
async function fetchDocument(
  route: Route,
  fetcher: GuardedFetcher,
  session: RenderSession,
  main: boolean,
): Promise<void> {
  const request = route.request();
  const url = request.url();
  const type = request.resourceType();
  session.requestStarted();
  let received = 0;
  try {
    const headers = await request.allHeaders();
    const remaining = Math.max(1, Math.ceil(session.deadline - performance.now()));
    const result = await fetcher.fetch({
      url,
      method: request.method() === 'HEAD' ? 'HEAD' : 'GET',
      headers,
      maxBytes: session.remainingBytes(),
      maxRedirects: 0,
      signal: AbortSignal.any([session.signal, AbortSignal.timeout(remaining)]),
    });
    switch (result.kind) {
      case 'response':
        received = result.body.length;
        if (main) session.navigated({ url, status: result.status, location: null });
        await route.fulfill({ status: result.status, headers: result.headers, body: result.body });
        return;
      case 'redirect':
        if (main) session.navigated({ url, status: result.status, location: result.location });
        await redirectNavigation(route, session, result.location, type);
        return;
      case 'blocked':
        session.block(url, type, result.why, result.message);
        if (main) session.mainFailure = { blocked: result.why === 'policy', message: result.message };
        await abort(route, 'blockedbyclient');
        return;
      case 'failed':
        session.fail(url, type, result.message);
        if (main) session.mainFailure = { blocked: false, message: result.message };
        await abort(route, result.abortCode);
        return;
    }
  } catch (error) {
    // The page or browser went away while we fetched: the render is already failing for that reason.
    const message = error instanceof Error ? error.message : String(error);
    session.fail(url, type, message);
    if (main) session.mainFailure = { blocked: false, message };
    await abort(route, 'failed');
  } finally {
    session.requestEnded(received);
  }
}

async function redirectNavigation(route: Route, session: RenderSession, location: string, type: string): Promise<void> {
  if (!/^https?:/i.test(location)) {
    session.block(location, type, 'scheme', `a redirect to ${location.split(':', 1)[0]}: is not followed`);
    await abort(route, 'blockedbyclient');
    return;
  }
  // `<` escaped so the address cannot close the script element.
  const target = JSON.stringify(location).replace(/</g, '\\u003c');
  const body = `<!doctype html><meta charset="utf-8"><title>redirect</title><script>location.replace(${target})</script>`;
  await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
}

function isMainFrame(request: Request): boolean {
  try {
    return request.frame().parentFrame() === null;
  } catch {
    return false; // service-worker requests have no frame (and service workers are blocked anyway)
  }
}

async function abort(route: Route, code: AbortCode): Promise<void> {
  await route.abort(code).catch(() => undefined);
}
