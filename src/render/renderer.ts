/**
 * One render: load the page in a pooled, guarded browser page, wait until it settles (load fired, no
 * network, no DOM changes, no short timers or meta refresh about to fire), probe what a visitor sees,
 * and take the screenshots. Returns the document after scripts with every block, link, image and
 * frame marked visible or hidden (see in-page/probe.js), ready for the static analysis' rendered mode.
 */
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { hostOf } from '../core/url.ts';
import type { BrowserPool, Lease } from './browser-pool.ts';
import { NavigationFailedError, RenderBlockedError, classifyRenderError } from './errors.ts';
import { probeOptions, type ProbeResult, type SettleState } from './in-page/in-page.ts';
import { evaluateInPage } from './page-eval.ts';
import type { NavigationHop } from './render-session.ts';
import { leaveSameDocument } from './slot-reset.ts';
import type { Rect } from './visual-diff.ts';

export interface RenderRequest {
  url: string;
  /** Take a viewport and a full-page PNG. */
  screenshots: boolean;
  /** Extra request headers (a crawler's referrer, for the cloaking check). */
  headers?: Record<string, string>;
  /** Overrides the pool's user agent for this render (a crawler's, for the cloaking check). */
  userAgent?: string;
  /**
   * Element paths of the page's learnt churning regions (its baseline's volatile paths): their boxes
   * come back in `masks`, measured as the screenshots are taken, so the pixel diff leaves them out.
   */
  maskPaths?: readonly string[];
  /**
   * The `belowFold` of the render whose full-page PNG the caller still holds for this page: when this
   * render's is the same, nothing below the first screen changed, that PNG still shows the page, and
   * no second screenshot is taken (`screenshots.fullPage` is then null).
   */
  knownBelowFold?: string;
}

export interface RenderSettings {
  /** The globalName of the pool's in-page script. */
  globalName: string;
  /** No DOM change and no request for this long counts as settled. */
  quietMs: number;
  /** Longest wait for the page to settle after load; past it the page is probed as it is. */
  settleBudgetMs: number;
  /** Cap on the serialised document. */
  maxHtmlChars: number;
  /** Full-page screenshots stop at this height (hostile pages are endless). */
  maxScreenshotHeight: number;
}

export interface Screenshots {
  viewport: Buffer;
  /** Null when the caller's `knownBelowFold` matched: its full-page PNG from then still stands. */
  fullPage: Buffer | null;
}

export interface RenderResult {
  requestedUrl: string;
  /** The document's address after scripts ran (history.pushState, same-site script redirects). */
  finalUrl: string;
  /** HTTP status of the document shown. */
  status: number | null;
  title: string;
  /** The DOM after scripts, visibility-marked: feed to `analysePage(html, finalUrl, { rendered: true })`. */
  html: string;
  htmlTruncated: boolean;
  probe: Omit<ProbeResult, 'html' | 'truncated' | 'url' | 'title'>;
  /** Off-site top-level navigations the page attempted (not followed). */
  offsiteNavigations: string[];
  navigations: NavigationHop[];
  settled: boolean;
  requests: number;
  blockedRequests: number;
  failedRequests: number;
  consoleErrors: number;
  popups: number;
  dialogs: number;
  screenshots: Screenshots | null;
  /**
   * Names what the full-page PNG shows (the document after scripts, its size, the viewport and every
   * subresource's validators); null without screenshots, or when the page holds something a document
   * cannot name (a frame, canvas, video, embed, or a subresource without validators).
   */
  belowFold: string | null;
  /** Viewport boxes of `maskPaths` when the screenshots were taken (empty without either). */
  masks: Rect[];
  attempt: number;
  durationMs: number;
}

export async function renderPage(
  pool: BrowserPool,
  request: RenderRequest,
  settings: RenderSettings,
): Promise<RenderResult> {
  return pool.run((lease) => renderIn(lease, request, settings), { label: request.url });
}

async function renderIn(lease: Lease, request: RenderRequest, settings: RenderSettings): Promise<RenderResult> {
  const started = performance.now();
  const { page, session } = lease;
  session.homeHost = hostOf(request.url);
  await useHeaders(page, request);
  await leaveSameDocument(page, lease.cdp, request.url, remaining(lease));
  let status: number | null = null;
  try {
    const response = await page.goto(request.url, { waitUntil: 'load', timeout: remaining(lease) });
    status = response?.status() ?? null;
  } catch (error) {
    if (session.mainFailure) throw mainFailure(request.url, session.mainFailure);
    throw classifyRenderError(error, request.url);
  }
  if (session.mainFailure && session.navigations.length === 0) throw mainFailure(request.url, session.mainFailure);
  const settled = await settle(settings, lease);
  const { extent, ...probe } = await probeWithRetry(page, settings, lease);
  const shots = request.screenshots
    ? await takeScreenshots(page, settings, lease, { html: probe.html, extent }, request.knownBelowFold)
    : null;
  const screenshots = shots?.screenshots ?? null;
  const masks = screenshots && request.maskPaths?.length ? await regionBoxes(lease, settings, request.maskPaths) : [];
  const { html, truncated, url, title, ...counts } = probe;
  return {
    requestedUrl: request.url,
    finalUrl: url,
    status,
    title,
    html,
    htmlTruncated: truncated,
    probe: counts,
    offsiteNavigations: [...session.offsiteNavigations],
    navigations: [...session.navigations],
    settled,
    requests: session.requests,
    blockedRequests: session.blockedCount,
    failedRequests: session.failedCount,
    consoleErrors: session.consoleErrors,
    popups: session.popups,
    dialogs: session.dialogs,
    screenshots,
    belowFold: shots?.belowFold ?? null,
    masks,
    attempt: lease.attempt,
    durationMs: performance.now() - started,
  };
}

function mainFailure(url: string, failure: { blocked: boolean; message: string }): Error {
  return failure.blocked
    ? new RenderBlockedError(`${url} may not be rendered: ${failure.message}`)
    : new NavigationFailedError('net::ERR_FAILED', `${url} could not be loaded: ${failure.message}`);
}

/** The extra headers each page was last given: most renders send none, and asking costs a round trip. */
const pageHeaders = new WeakMap<Page, string>();

async function useHeaders(page: Page, request: RenderRequest): Promise<void> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.userAgent) headers['user-agent'] = request.userAgent;
  const key = JSON.stringify(headers);
  if ((pageHeaders.get(page) ?? '{}') === key) return;
  await page.setExtraHTTPHeaders(headers);
  pageHeaders.set(page, key);
}

function remaining(lease: Lease): number {
  return Math.max(1, lease.deadline - performance.now());
}

const POLL_MS = 25;
/** Longest one in-page wait for quiet lasts before the loop looks at the network again. */
const QUIET_WAIT_MS = 1000;

/**
 * Waits for quiet: load fired, nothing in flight or changed for quietMs, no short timer or meta
 * refresh pending. The page waits for its own quiet (one call, not a poll every 25 ms), then the
 * network is checked here, where its requests are seen. A navigation (script redirect on the same
 * site) ends the call and restarts the wait on the new document. False when the budget ran out
 * first: the page is then probed as it stands.
 */
async function settle(settings: RenderSettings, lease: Lease): Promise<boolean> {
  const { session, cdp } = lease;
  const end = Math.min(performance.now() + settings.settleBudgetMs, lease.deadline - 2000);
  const api = `window[${JSON.stringify(settings.globalName)}]`;
  while (performance.now() < end) {
    const wait = Math.max(0, Math.min(QUIET_WAIT_MS, Math.floor(end - performance.now())));
    const state = await evaluateInPage<SettleState | null>(
      cdp,
      `${api}?.whenQuiet(${settings.quietMs}, ${wait}) ?? null`,
    ).catch(() => null);
    const networkQuiet = session.inflight === 0 && performance.now() - session.lastNetworkActivity >= settings.quietMs;
    if (state?.quiet === true && networkQuiet) return true;
    await sleep(POLL_MS);
  }
  return false;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The probe and the page's extent in one call (each question is a round trip through three
 * processes); once more after a navigation that destroyed the document mid-call.
 */
async function probeWithRetry(
  page: Page,
  settings: RenderSettings,
  lease: Lease,
): Promise<ProbeResult & { extent: PageExtent | null }> {
  const api = `window[${JSON.stringify(settings.globalName)}]`;
  const expression = `({ ...${api}.probe(${JSON.stringify(probeOptions(settings.maxHtmlChars))}), extent: ${PAGE_EXTENT} })`;
  for (let tries = 0; ; tries++) {
    try {
      return await evaluateInPage<ProbeResult & { extent: PageExtent | null }>(lease.cdp, expression);
    } catch (error) {
      const classified = classifyRenderError(error, page.url());
      // Only a document swapped under the call is worth a second try; a crash or close is the pool's to handle.
      if (tries >= 2 || !DOCUMENT_SWAPPED.test(String(error))) throw classified;
      await page.waitForLoadState('load', { timeout: remaining(lease) }).catch(() => undefined);
    }
  }
}

/** What the protocol or the page says when the document was replaced under a call. */
const DOCUMENT_SWAPPED =
  /Execution context was destroyed|Cannot find default execution context|Inspected target navigated|Cannot read properties of undefined/;

/** What a page's layout says about its full-page screenshot, measured with the probe, as the page settled. */
interface PageExtent {
  height: number;
  width: number;
  /** Holds content its DOM does not name (frames, canvas, video, plugins): never treated as unchanged. */
  opaque: boolean;
}

/** Null when the page broke what it reads: the full-page PNG is then taken. */
const PAGE_EXTENT = `(() => { try { return {
  height: Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0),
  width: document.documentElement.scrollWidth,
  opaque: document.querySelector('iframe, frame, embed, object, canvas, video') !== null,
}; } catch { return null; } })()`;

/**
 * Both PNGs through DevTools with `optimizeForSpeed` (a faster PNG encoder in Chromium): about a third
 * quicker than Playwright's screenshot, which matters at several renders a second. The full-page PNG
 * is skipped when the viewport shows the whole page, and when nothing below the first screen changed
 * since the caller's last one (the same `belowFold`): it cost about as much as the rest of the render's
 * screenshots together.
 */
async function takeScreenshots(
  page: Page,
  settings: RenderSettings,
  lease: Lease,
  { html, extent }: { html: string; extent: PageExtent | null },
  knownBelowFold: string | undefined,
): Promise<{ screenshots: Screenshots; belowFold: string | null }> {
  const viewport = page.viewportSize() ?? { width: 1280, height: 800 };
  const capture = async (clip?: { width: number; height: number }): Promise<Buffer> => {
    const params = clip
      ? {
          format: 'png' as const,
          optimizeForSpeed: true,
          captureBeyondViewport: true,
          clip: { x: 0, y: 0, ...clip, scale: 1 },
        }
      : { format: 'png' as const, optimizeForSpeed: true };
    const shot = await withDeadline(lease.cdp.send('Page.captureScreenshot', params), lease);
    return Buffer.from(shot.data, 'base64');
  };
  const viewportPng = await capture();
  const height = extent?.height ?? viewport.height;
  const clipHeight = Math.max(
    viewport.height,
    Math.min(Number(height) || viewport.height, settings.maxScreenshotHeight),
  );
  const identity = lease.session.subresourceIdentity();
  const belowFold =
    extent && !extent.opaque && identity !== null
      ? createHash('sha256')
          .update(JSON.stringify([viewport.width, viewport.height, clipHeight, extent.width, identity]))
          .update('\n')
          .update(html)
          .digest('hex')
      : null;
  const done = (fullPage: Buffer | null) => ({ screenshots: { viewport: viewportPng, fullPage }, belowFold });
  if (clipHeight <= viewport.height) return done(viewportPng);
  if (belowFold !== null && belowFold === knownBelowFold) return done(null);
  // Without a frame of any kind (`opaque` covers them) there is no other site's frame to look for.
  const foreignFrame =
    extent?.opaque !== false && (await evaluateInPage<boolean>(lease.cdp, FOREIGN_FRAME_BELOW_FOLD).catch(() => false));
  if (!foreignFrame) {
    return done(await capture({ width: viewport.width, height: clipHeight }));
  }
  // Chromium's capture beyond the viewport leaves another site's frame below the first screen
  // white (it is drawn by its own renderer, and only what is in the viewport is composited), so an
  // embed or an injected frame would be missing from the evidence. The viewport is stretched over
  // the page for that shot instead. It costs a relayout, and heights in `vh` grow with it, which is
  // why this is kept to pages that have such a frame.
  await page.setViewportSize({ width: viewport.width, height: clipHeight });
  try {
    // Two frames for the new size to be laid out and drawn; a page that stalls its frames gets 250 ms.
    await withDeadline(
      evaluateInPage(
        lease.cdp,
        'new Promise((r) => { requestAnimationFrame(() => requestAnimationFrame(r)); setTimeout(r, 250); })',
      ),
      lease,
    );
    return done(await capture());
  } finally {
    await page.setViewportSize(viewport);
  }
}

/** Does the page have a frame of another origin that starts below the first screen? */
const FOREIGN_FRAME_BELOW_FOLD = `(() => {
  for (const f of document.querySelectorAll('iframe, frame, embed, object')) {
    const src = f.src || f.data || '';
    let foreign = false;
    try { foreign = new URL(src, location.href).origin !== location.origin; } catch { foreign = false; }
    if (foreign && f.getBoundingClientRect().bottom > innerHeight) return true;
  }
  return false;
})()`;

const MAX_MASKS = 200;

/** Boxes of the churning regions, through the in-page script's captured natives; none if the page broke it. */
async function regionBoxes(lease: Lease, settings: RenderSettings, paths: readonly string[]): Promise<Rect[]> {
  const expression = `window[${JSON.stringify(settings.globalName)}]?.regionBoxes(${JSON.stringify(paths)}, ${MAX_MASKS}) ?? []`;
  const boxes = await evaluateInPage<unknown>(lease.cdp, expression).catch(() => []);
  return Array.isArray(boxes) ? boxes.filter(isRect) : [];
}

function isRect(value: unknown): value is Rect {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return [r.x, r.y, r.width, r.height].every((n) => typeof n === 'number' && Number.isFinite(n));
}

/** A DevTools call has no timeout of its own: bound it by the render's deadline. */
async function withDeadline<T>(promise: Promise<T>, lease: Lease): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error('screenshot did not finish before the render deadline')),
      Math.ceil(remaining(lease)),
    );
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}
