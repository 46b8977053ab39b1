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

/**
 * Readies a slot for the next render as a first-time visitor: the old document is unloaded (its
 * timers stop), cookies go, and the storage of every origin the last render touched (local storage,
 * IndexedDB, caches) is cleared, so a page cannot tell it has been rendered before. False when the
 * slot could not be reset and should be closed instead.
 */
export async function resetSlot(slot: Slot<unknown>, origins: readonly string[]): Promise<boolean> {
  try {
    await slot.page.goto('about:blank', { timeout: RESET_TIMEOUT_MS });
    await slot.context.clearCookies();
    for (const origin of origins) await slot.cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' });
    return true;
  } catch {
    return false;
  }
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
