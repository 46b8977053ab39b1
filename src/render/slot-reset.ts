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
