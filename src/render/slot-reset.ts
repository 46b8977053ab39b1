import { randomBytes } from 'node:crypto';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import type { RenderSession } from './render-session.ts';

/** One context with one page, owned by a browser, reused across renders until recycled. */
export interface Slot<Owner> {
  owner: Owner;
  context: BrowserContext;
  page: Page;
  /** Renders done in this slot. */
  uses: number;
  /** The render running here, or null between renders (requests then are refused). */
  session: RenderSession | null;
  /** Called when the page's renderer crashes during a render. */
  onCrash: (() => void) | null;
  cdp: CDPSession;
}

const RESET_TIMEOUT_MS = 5000;
/** Longest wait for the page's document to be replaced in place before going to about:blank instead. */
const REPLACE_TIMEOUT_MS = 1000;

/** How the last reset unloaded the page: replaced in place, or by going to about:blank (the fallback). */
export type ResetPath = 'replaced' | 'about:blank';

/**
 * Readies a slot for the next render as a first-time visitor: the old document is unloaded (its
 * timers stop, its workers end, its unload handlers run now), then cookies go, and the storage of
 * every origin the last render touched (local and session storage, IndexedDB, caches) is cleared, so
 * a page cannot tell it has been rendered before. The unloading must come first: a document still
 * alive after the clearing could write again. Null when the slot could not be reset and should be
 * closed instead.
 */
export async function resetSlot(slot: Slot<unknown>, origins: readonly string[]): Promise<ResetPath | null> {
  try {
    const path: ResetPath = (await replaceDocument(slot.cdp)) ? 'replaced' : 'about:blank';
    if (path === 'about:blank') await slot.page.goto('about:blank', { timeout: RESET_TIMEOUT_MS });
    // The tab's history goes too: it would tell the next page how many renders came before it, and
    // its Navigation API the addresses of those on its own origin.
    await slot.cdp.send('Page.resetNavigationHistory');
    await slot.context.clearCookies();
    for (const origin of origins) await slot.cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' });
    return path;
  } catch {
    return null;
  }
}

/**
 * Unloads the page by replacing its document in place with an empty one, made from a `javascript:`
 * URL whose value is markup. It is a new document and a new window, like a navigation to about:blank
 * (the old window's timers, workers and pending callbacks die with it, its unload handlers run
 * first), but Chromium does it inside the renderer: going to about:blank and from it to the next
 * page cost about 45 ms more of the browser's CPU per render, in its process, the renderer's and the
 * compositor's, than this does. A page's Content-Security-Policy can forbid `javascript:` URLs, and a
 * page can start a navigation of its own: the new document is only taken as ours when it carries a
 * random token the page never saw (placed past the 40 characters a CSP violation report would show
 * it). False when it was not replaced: the caller goes to about:blank.
 */
async function replaceDocument(cdp: CDPSession): Promise<boolean> {
  const token = randomBytes(12).toString('hex');
  // The empty document keeps the last page's address; it takes its origin's root with an empty
  // fragment instead, so the history entry left before the next page (the Navigation API lists it to
  // a page of the same origin) names no page, and no next page has its address: going to the address
  // a document already has is taken as a reload, which the next page could read from its
  // navigation timing (`type: 'reload'`, where a first visit says 'navigate').
  const markup = `<!doctype html><!--${' '.repeat(48)}--><script>history.replaceState(null, '', '/#'); document.title = '${token}';</script>`;
  const url = `javascript:${JSON.stringify(markup)}`;
  // Settles only when the document goes (the call's context is destroyed: rejected) or when the
  // page says the URL was refused (resolved): a resolution is never taken as success.
  // Strict code, so the page's own functions it calls (a page can replace `document.addEventListener`)
  // cannot climb to it through `caller` and read the token from its source: with the token, a page
  // could go to a document of its own making (a blob: URL, which no network guard sees), title it so,
  // and live on past the clearing (slot-reset.test.ts, the trap).
  const expression = `'use strict'; new Promise((refused) => {
    document.addEventListener('securitypolicyviolation', () => refused(false));
    location.href = ${JSON.stringify(url)};
  })`;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), REPLACE_TIMEOUT_MS);
  });
  const call = cdp.send('Runtime.evaluate', { expression, awaitPromise: true }).then(
    () => 'settled' as const,
    () => 'gone' as const,
  );
  const outcome = await Promise.race([call, timedOut]);
  clearTimeout(timer);
  if (outcome !== 'gone') return false;
  return await titleBecomes(cdp, token);
}

/**
 * A slot reset in place leaves an empty document at the last page's origin root (`/#`), and going from
 * there to the root with a fragment would only scroll it (a same-document navigation): the page would
 * not be loaded. Such a slot goes to about:blank first. Only addresses with a fragment can be taken
 * so, and the document asked is the reset's own (the page's is gone).
 */
export async function leaveSameDocument(page: Page, cdp: CDPSession, url: string, timeoutMs: number): Promise<void> {
  const hash = url.indexOf('#');
  if (hash < 0) return;
  const answer = await cdp
    .send('Runtime.evaluate', { expression: 'document.URL', returnByValue: true })
    .catch(() => null);
  const current = (answer as { result?: { value?: unknown } } | null)?.result?.value;
  if (typeof current !== 'string' || withoutFragment(current) === url.slice(0, hash)) {
    await page.goto('about:blank', { timeout: timeoutMs });
    await cdp.send('Page.resetNavigationHistory');
  }
}

function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}

/** Whether the top document's title becomes `token` (the new document's context and script can take a moment). */
async function titleBecomes(cdp: CDPSession, token: string): Promise<boolean> {
  for (let tries = 0; tries < 10; tries++) {
    const answer = await cdp
      .send('Runtime.evaluate', { expression: 'document.title', returnByValue: true })
      .catch(() => null);
    if ((answer as { result?: { value?: unknown } } | null)?.result?.value === token) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

/**
 * What a slot's page does that is not the render's business is counted on the render running there
 * and stopped: dialogs dismissed, downloads cancelled, popups closed; a renderer crash is reported.
 */
export function watchSlot(slot: Slot<unknown>): void {
  const { page, context } = slot;
  page.on('crash', () => slot.onCrash?.());
  page.on('dialog', (dialog) => {
    if (slot.session) slot.session.dialogs += 1;
    void dialog.dismiss().catch(() => undefined);
  });
  page.on('console', (message) => slot.session?.console(message.type(), message.text()));
  page.on('pageerror', (error) => slot.session?.console('pageerror', error.message));
  page.on('download', (download) => {
    if (slot.session) slot.session.downloads += 1;
    void download.cancel().catch(() => undefined);
  });
  context.on('page', (popup) => {
    if (popup === page) return;
    if (slot.session) slot.session.popups += 1;
    void popup.close().catch(() => undefined);
  });
}
