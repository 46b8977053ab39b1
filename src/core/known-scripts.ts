/**
 * Inline scripts a page's baseline already knows, by a collision-resistant digest of their text, with
 * what analysis found in them. Most inline scripts of a changed page are the ones it had before
 * (analytics, tag managers, state set-up), and reading each again (normalising, the word scan, the
 * behaviour patterns, the skeleton and shape hashes) was a fifth of analysing a page. A script whose
 * digest the baseline holds takes its facts from there instead.
 *
 * The digest is computed by the caller (`ScriptDigest`, SHA-256 in the analysis layer: core may not
 * import node:crypto) and must be collision-resistant: a page's author can read its inline scripts,
 * and with a weak hash (cyrb53, `hashText`) could make an injected skimmer hash like a benign script
 * and inherit its harmless features. Facts are kept only for the code that computed them
 * (`SCRIPT_FACTS_VERSION`): a baseline written by other patterns is read as knowing no script.
 */
import type { ActiveItem } from './active-content/inventory.ts';
import type { PageModel } from './page-model.ts';
import { featurePatterns } from './script-features.ts';
import { hashText } from './text.ts';

/** A collision-resistant digest of a script's text (SHA-256 in the analysis layer), as a string. */
export type ScriptDigest = (text: string) => string;

/** What analysis derived from one inline script's (sampled) text: everything the text alone decides. */
export interface KnownScript {
  /** The lookup key: the digest of the sampled text, with the full length when it was sampled (`scriptLookup`). */
  digest: string;
  /** `ScriptRef.inlineShapeHash`. */
  shape: string;
  /** The inventory identity (`ActiveItem.key`). */
  key: string;
  features: string[];
  urls: string[];
}

/** The known scripts a baseline carries (`Baseline.knownScripts`). */
export interface KnownScripts {
  /** `SCRIPT_FACTS_VERSION` of the code that computed them. */
  version: string;
  /** The last benign observation's, in page order. */
  scripts: KnownScript[];
}

/**
 * Raise when script analysis changes in a way its patterns' text does not show (a helper's logic,
 * the sampling, the shape or skeleton hash): baselines' known scripts are then read afresh.
 */
const FACTS_REVISION = 1;

/** The fingerprint of the code that derives a script's facts: its revision and all its patterns. */
export const SCRIPT_FACTS_VERSION = `${FACTS_REVISION}.${hashText(featurePatterns())}`;

/** Scripts remembered per page: pages carry tens of inline scripts; a page with more has the rest read each time. */
export const MAX_KNOWN_SCRIPTS = 200;
/**
 * Characters of addresses and key one remembered script may hold. A script's addresses are as long as
 * its author makes them (up to 20, each up to the sampled text's length): one whose facts are larger is
 * read again each time rather than letting a page grow its baseline by megabytes.
 */
export const MAX_KNOWN_FACTS = 4096;

/**
 * The lookup key of a script whose analysed text is `sample`: its digest, with the script's full
 * length when only its head and tail were read (`sampledLength`), since the shape hash counts the
 * length and two long scripts may share head and tail.
 */
export function scriptLookup(digest: ScriptDigest, sample: string, sampledLength: number | null): string {
  const d = digest(sample);
  return sampledLength === null ? d : `${d}|${sampledLength}`;
}

/** The known scripts of a baseline, by lookup key; empty when they were computed by other code. */
export function knownScriptIndex(known: KnownScripts | undefined): ReadonlyMap<string, KnownScript> {
  const index = new Map<string, KnownScript>();
  if (!known || known.version !== SCRIPT_FACTS_VERSION) return index;
  for (const s of known.scripts) index.set(s.digest, s);
  return index;
}

/**
 * The known scripts after one benign observation: the inline scripts of this observation that carry a
 * digest, and only those. Scripts that churn (a nonce, a token, a timestamp in the text) get a new
 * digest every time; remembering every one seen would grow each baseline to the bound and rewrite it
 * with every learnt check, for scripts that never come back. A script present in the last benign
 * observation is the one the next is likely to hold. Undefined when there is nothing to keep, so
 * baselines of callers without a digest stay as they were.
 */
export function learnKnownScripts(old: KnownScripts | undefined, model: PageModel): KnownScripts | undefined {
  const fresh = model.scripts.filter((s) => s.digest !== undefined);
  if (fresh.length === 0) return old;
  const keys = inlineKeys(model.activeContent ?? []);
  const byDigest = new Map<string, KnownScript>();
  for (const s of fresh) {
    const key = keys.get(s.path);
    // A script past the inventory's bound has no key to reuse: it is read again next time.
    if (key === undefined || s.inlineShapeHash === null || s.digest === undefined || !small(s.urls, key)) continue;
    byDigest.delete(s.digest);
    byDigest.set(s.digest, { digest: s.digest, shape: s.inlineShapeHash, key, features: s.features, urls: s.urls });
  }
  const scripts = [...byDigest.values()];
  return {
    version: SCRIPT_FACTS_VERSION,
    scripts: scripts.length > MAX_KNOWN_SCRIPTS ? scripts.slice(scripts.length - MAX_KNOWN_SCRIPTS) : scripts,
  };
}

function small(urls: readonly string[], key: string): boolean {
  let size = key.length;
  for (const u of urls) size += u.length;
  return size <= MAX_KNOWN_FACTS;
}

/** Inventory keys of inline scripts by path; a path held by two items (never expected) has none. */
function inlineKeys(items: ActiveItem[]): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const i of items) if (i.kind === 'script-inline') out.set(i.path, out.has(i.path) ? undefined : i.key);
  return out;
}
