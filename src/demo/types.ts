/**
 * Shared shapes of the simulated estates (the hand-written demo estate and the synthetic bench estate),
 * so the loopback server and the child process serve either one.
 */

/** The three scripted incidents of the demo estate; each is off unless set. */
export interface DemoIncidents {
  /** A deep ministry page answers 503 (`true`) or has its connection reset (`'reset'`); its home page stays up. */
  subpageDown?: boolean | 'reset';
  /** A page of the local legal affairs bureau gets a visible "Hacked by" block with an external image. */
  localOfficeDefaced?: boolean;
  /** A listing gets an extra `<li>` with an external link hidden by inline `display:none`. */
  hiddenLinkInListing?: boolean;
}

export interface EstateState {
  /** Drives benign churn: news items, visitor counter, form token, asset hash. */
  tick: number;
  /** Bench estates only: which pages carry a changed news item. Ignored by the demo estate. */
  generation?: number;
  incidents: DemoIncidents;
}

export interface EstateStatePatch {
  tick?: number;
  generation?: number;
  /** Merged into the current incidents: `{ subpageDown: false }` turns one off and leaves the others. */
  incidents?: Partial<DemoIncidents>;
}

export interface RenderedPage {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: Buffer;
  /** The server should reset the connection instead of answering (a crashed backend behind a proxy). */
  reset?: boolean;
}

export interface EstatePageRef {
  siteKey: string;
  path: string;
}

export interface EstateSite {
  key: string;
  name: string;
  /** Every page the site serves at a stable address, in a stable order (news item pages come and go). */
  paths: readonly string[];
}

/** What a loopback server needs from an estate. */
export interface Estate {
  readonly kind: 'demo' | 'bench';
  readonly sites: readonly EstateSite[];
  render(siteKey: string, path: string, state: EstateState): RenderedPage;
}

export function initialEstateState(): EstateState {
  return { tick: 0, generation: 0, incidents: {} };
}

export function applyStatePatch(state: EstateState, patch: EstateStatePatch): EstateState {
  return {
    tick: patch.tick ?? state.tick,
    generation: patch.generation ?? state.generation ?? 0,
    incidents: { ...state.incidents, ...patch.incidents },
  };
}
