/**
 * What the console's data routes need beyond the store: page bodies, render states and artefacts,
 * the evidence stage, and the capture origin's link minting. Given by the composition root.
 */
import type { Analyser } from '../analysis/types.ts';
import type { Evidence } from '../evidence/evidence.ts';
import type { IncidentStore } from '../incidents/incident-store.ts';
import type { RenderStateStore } from '../render/render-state-store.ts';
import type { BlobStore } from '../store/blob-store.ts';
import type { Check, OrgScope, Page, Site, EstateStore } from '../store/types.ts';
import type { CaptureTokens } from './capture/capture-token.ts';
import { inScope } from './scope.ts';

export interface ConsoleApiDeps {
  /** Page bodies (runtime.blobs). */
  bodies: BlobStore;
  renderStates: RenderStateStore;
  /** Screenshots, DOMs and diff images (runtime.renderBlobs). */
  renderBlobs: BlobStore;
  evidence: Pick<Evidence, 'ledger' | 'files'>;
  incidents: IncidentStore;
  /** The capture origin (`http://host:port`), known once its listener is up; null without one. */
  captureOrigin: () => string | null;
  tokens: CaptureTokens;
  mamoriVersion: string;
  /** Where stored bodies are re-analysed for the diff: the app's worker pool; inline when absent (tests). */
  analyser?: Analyser;
}

export interface VisibleCheck {
  check: Check;
  page: Page;
  site: Site;
}

/** The check with its page and site, or null when it does not exist or its organisation is out of scope. */
export async function visibleCheck(store: EstateStore, scope: OrgScope, checkId: number): Promise<VisibleCheck | null> {
  const check = await store.getCheck(checkId);
  const page = check ? await store.getPage(check.pageId) : null;
  const site = page ? await store.getSite(page.siteId) : null;
  if (!check || !page || !site || !inScope(scope, site.organisationId)) return null;
  return { check, page, site };
}
