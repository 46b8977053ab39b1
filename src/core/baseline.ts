import type { KnownScripts } from './known-scripts.ts';
import type { ScriptProfile } from './page-model.ts';

/**
 * A page's learned normal: what stayed put, what churned, and which origins it talks to.
 * Plain JSON, stored with the page; learning is a pure function of (baseline, model).
 */
export interface Baseline {
  version: 1;
  /** Benign observations learnt from. */
  samples: number;
  /** Exact-text hashes of visible blocks seen in any sample (bounded). */
  blockHashes: string[];
  /** Digit-folded hashes of visible blocks seen in any sample (bounded). */
  blockShapes: string[];
  /** Paths whose text has changed between samples: the page's churning regions. */
  volatilePaths: string[];
  /** Paths present in every sample so far. */
  stablePaths: string[];
  titles: string[];
  headings: string[];
  linkHosts: string[];
  scriptHosts: string[];
  inlineScriptShapes: string[];
  frameHosts: string[];
  formHosts: string[];
  imageHosts: string[];
  /** Hosts the page is known to redirect to (meta refresh), e.g. its own other host name. */
  redirectHosts: string[];
  /** External script URLs with volatile parts folded (`foldUrl`). */
  scriptSrcs: string[];
  /** Inline scripts' places and behaviours (`region|feature,feature`): framework state blobs recur here. */
  scriptSignatures: string[];
  /** Hashes of the markup leaks seen (script markup in titles or attributes), rare but possible on a page about HTML. */
  markupLeaks: string[];
  /** Regions that held text in any sample: where content is expected to appear. */
  regions: string[];
  // The optional fields below were added after baselines were first stored: `normaliseBaseline` fills them.
  /** Looks (`block-look.ts`) worn by any visible block in any sample: how this page dresses its own content. */
  blockLooks?: string[];
  /** Image addresses shown in any sample, volatile parts folded (`foldUrl`): a new image is one not among them. */
  imageSrcs?: string[];
  /** Paths of the page's links to its own site, digits folded: its navigation, kept by a redesign. */
  linkPaths?: string[];
  /** The language of the page's visible text (`language.ts`), or null when it could not tell. */
  language?: string | null;
  /** Script profile averaged over samples. */
  scriptProfile: ScriptProfile;
  declaredLang: string | null;
  /** Skeleton of the page: tag paths seen in every sample. */
  structure: string[];
  /** Mean visible text length. */
  visibleTextLength: number;
  /** Identities of the active-content items seen in any sample (`ActiveItem.key`). */
  activeItems?: string[];
  /**
   * Inline scripts seen in benign samples, by a SHA-256 digest of their text, with what analysis found
   * in them (`known-scripts.ts`): analysis takes their facts from here instead of reading them again.
   * Absent from baselines learnt without a digest (and before it existed).
   */
  knownScripts?: KnownScripts;
  /** Hosts the page's active content loaded from, framed, posted to or named in its code. */
  activeHosts?: string[];
  /** Observations whose active content was learnt: 0 for baselines stored before the inventory existed. */
  activeSamples?: number;
  /**
   * Soft-404 observations in a row not yet acted on (`SOFT_404_CHECKS`): a page that looks "not found"
   * once is not called down until it does so again. Learning a normal observation drops it.
   */
  soft404Streak?: number;
  /**
   * A discovered page's first sight that looked tampered with (`discovered-page.ts`): kept for the
   * record, but never compared with or grown. The page is judged as at first sight until it looks clean.
   */
  held?: boolean;
  /** Set when the first observation already looked defaced or tampered: not a baseline to trust. */
  untrusted: { reasons: string[] } | null;
}
