/**
 * Assembles the script that runs in every rendered document: instrument.js (installed before the
 * page's own scripts) with probe.js handed to it. Both are plain JavaScript read as text, so what runs
 * in the page is exactly what is in the files, without compiler helpers.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { BLOCK_TAG_NAMES } from '../../core/model-tags.ts';

const here = new URL('.', import.meta.url);
const INSTRUMENT = readFileSync(new URL('instrument.js', here), 'utf8');
const PROBE = readFileSync(new URL('probe.js', here), 'utf8');

/** Tags whose text the static analysis groups into one block: the probe marks the same ones. */
export const BLOCK_TAGS = BLOCK_TAG_NAMES;

export interface InPageScript {
  /** The init script's source. */
  source: string;
  /** The random, non-enumerable window property the API lives under: a page cannot guess it. */
  globalName: string;
}

export interface InstrumentConfig {
  /** Timers up to this delay count as "pending" for the settle loop (a late insertion or redirect). */
  shortTimerMs: number;
}

export function inPageScript(config: InstrumentConfig): InPageScript {
  const globalName = `__m${randomBytes(9).toString('hex')}`;
  const settings = JSON.stringify({ ...config, globalName });
  const source = `(() => {\n${PROBE}\n${INSTRUMENT}\nmamoriInstrument(${settings}, mamoriProbe);\n})();`;
  return { source, globalName };
}

/** What the probe returns (see probe.js). */
export interface ProbeResult {
  /** The document after scripts, each judged element marked with `data-mamori-view`. */
  html: string;
  truncated: boolean;
  url: string;
  title: string;
  /** Blocks, links, images and frames given a visibility mark. */
  judged: number;
  hidden: number;
  /** Elements inserted by script (marked `data-mamori-inserted`). */
  inserted: number;
  textNodes: number;
}

/** What `whenQuiet` answers: whether the document is quiet by the page's own measures, and those measures. */
export interface SettleState {
  quiet: boolean;
  readyState: string;
  loaded: boolean;
  quietForMs: number;
  pendingTimers: number;
  metaRefreshPending: boolean;
}

export function probeOptions(maxHtmlChars: number): Record<string, unknown> {
  return { blockTags: BLOCK_TAGS, maxTextNodes: 50_000, maxHtmlChars };
}
