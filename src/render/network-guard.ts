/**
 * Every request of every page in a guarded context is intercepted and served by the Node side
 * (`GuardedFetcher`): the SSRF guard and its connect-time DNS check apply to all of them, and
 * Chromium's own network stack is never used. What cannot be intercepted is refused or dies at the
 * browser's black-hole proxy (see browser-launch.ts).
 *
 * Redirects: Chromium follows a redirect it was handed by `route.fulfill` *without* intercepting
 * the next request (it would go to the network; the black hole stops it). So subresource redirects
 * are followed here, each hop vetted, and a navigation's redirect is answered with a tiny page that
 * moves on with `location.replace`: the browser then asks for the new address, and that request is
 * intercepted like any other.
 */
import type { BrowserContext, Request, Route } from 'playwright-core';
import { hostOf, isExternalHost } from '../core/url.ts';
import type { AbortCode, GuardedFetcher } from './guarded-fetch.ts';
import type { RenderSession } from './render-session.ts';

/** The render a request belongs to, or null once that render is over. */
export type SessionLookup = () => RenderSession | null;

export async function installNetworkGuard(context: BrowserContext, fetcher: GuardedFetcher, current: SessionLookup): Promise<void> {
  await context.route(
    () => true,
    (route) => handleRoute(route, fetcher, current()),
  );
  await context.routeWebSocket(
    () => true,
    async (ws) => {
      current()?.block(ws.url(), 'websocket', 'websocket', 'WebSockets are not opened from rendered pages');
      await ws.close({ code: 1008, reason: 'refused by Mamori' }).catch(() => undefined);
    },
  );
}

async function handleRoute(route: Route, fetcher: GuardedFetcher, session: RenderSession | null): Promise<void> {
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
  if (main && session.homeHost !== null && isExternalHost(hostOf(url), session.homeHost)) {
    // Off-site top-level navigation: the monitor never follows the visitor to the attacker's site.
    // 204 makes Chromium stay on the current document, which is the one to probe.
    if (session.offsiteNavigations.length < 20) session.offsiteNavigations.push(url.slice(0, 2000));
    await route.fulfill({ status: 204, body: '' }).catch(() => undefined);
    return;
  }
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
      maxRedirects: navigation ? 0 : session.limits.maxRedirects,
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
