import type { ActiveItem } from './active-content/inventory.ts';

/**
 * The page model: what analysis extracts from one decoded HTML document.
 * Everything here is plain JSON so it can be stored, diffed and shown to an analyst.
 */

/** Why an element is hidden from a visitor, as far as static HTML and CSS can tell. */
export interface HiddenBy {
  /** e.g. `display:none`, `visibility:hidden`, `off-screen`, `font-size:0`, `hidden-attribute`. */
  technique: string;
  /**
   * Where the hiding comes from: the element itself, an ancestor, a `<style>` rule, or (`rendered`)
   * the styles a real browser computed for the element after the page's scripts ran.
   */
  source: 'inline' | 'ancestor' | 'attribute' | 'style-rule' | 'rendered';
  /** Selector of the element that carries the hiding rule. */
  at: string;
}

export interface TextBlock {
  /** A CSS-like path to the block's element, e.g. `body>div#main>ul.news>li:nth-of-type(3)`. */
  path: string;
  /** The path without positions (`body>div#main>ul.news>li`): where churn is learnt, since list items move. */
  region: string;
  /** Visible text, whitespace collapsed. */
  text: string;
  /** Hash of the text with digits folded, so counters and dates hash alike: used to learn churn. */
  shapeHash: string;
  /** Hash of the exact text. */
  hash: string;
  hidden: HiddenBy | null;
  /** Some of the text is inside `<code>`, `<pre>`, `<kbd>` or `<samp>`: shown as code, on purpose. */
  inCode: boolean;
  /**
   * Presentation the block's own markup gives it (inline centring, colours, borders, monospace,
   * `<font>`, `<marquee>`: see `block-look.ts`); absent when none.
   */
  look?: string[];
}

export interface LinkRef {
  path: string;
  href: string;
  host: string | null;
  external: boolean;
  text: string;
  hidden: HiddenBy | null;
}

export interface ImageRef {
  path: string;
  src: string;
  host: string | null;
  external: boolean;
  alt: string;
  hidden: HiddenBy | null;
}

export interface ScriptRef {
  path: string;
  /** Absolute URL for external scripts, null for inline ones. */
  src: string | null;
  host: string | null;
  external: boolean;
  /** Hash of the inline source with volatile tokens folded (nonces, digits); null for external scripts. */
  inlineShapeHash: string | null;
  /** First characters of the inline source, for reasons shown to analysts. */
  snippet: string;
  length: number;
  /** Behaviours found in inline source (see `script-features.ts`), e.g. `eval`, `navigates`. */
  features: string[];
  /** Absolute http(s) URLs written literally in the inline source. */
  urls: string[];
  /**
   * Inline scripts, when the caller gave analysis a digest function: the collision-resistant lookup
   * key of the analysed text (`known-scripts.ts`), so learning can remember what was found in it.
   */
  digest?: string;
}

export interface FrameRef {
  path: string;
  src: string;
  host: string | null;
  external: boolean;
  width: string | null;
  height: string | null;
  hidden: HiddenBy | null;
}

export interface FormRef {
  path: string;
  action: string;
  host: string | null;
  external: boolean;
  method: string;
}

export interface MetaRefresh {
  path: string;
  delaySeconds: number;
  url: string | null;
  external: boolean;
}

/** Share of visible characters by script: the cheap, reliable part of language identification. */
export interface ScriptProfile {
  /** Kana: only Japanese writes it. */
  kana: number;
  /** CJK ideographs (Japanese kanji or Chinese hanzi). */
  han: number;
  latin: number;
  hangul: number;
  cyrillic: number;
  arabic: number;
  other: number;
  /** Visible letters counted (not whitespace, digits or punctuation). */
  letters: number;
}

export interface PageModel {
  url: string;
  title: string;
  /** `<html lang>` as declared, lower-cased, or null. */
  declaredLang: string | null;
  scriptProfile: ScriptProfile;
  headings: string[];
  textBlocks: TextBlock[];
  links: LinkRef[];
  images: ImageRef[];
  scripts: ScriptRef[];
  iframes: FrameRef[];
  forms: FormRef[];
  metaRefresh: MetaRefresh | null;
  /**
   * Script or frame markup where it cannot run: in the title or in an attribute value. Injected
   * loaders that were escaped instead of executed leave this trace.
   */
  markupLeaks: { path: string; where: 'title' | 'attribute'; snippet: string }[];
  /** Sorted, de-duplicated tag paths (no positions, no text): the page's skeleton. */
  structure: string[];
  /** Total visible text characters. */
  visibleTextLength: number;
  /**
   * Rendered view only: off-site addresses the page tried to send the browser's top window to once
   * loaded (script or meta-refresh redirects; the renderer never follows them).
   */
  offsiteNavigations?: string[];
  /**
   * Everything that runs or loads code, or sends visitors or their input elsewhere, with its place and
   * identity (active-content/inventory.ts). Optional: models stored before it existed lack it.
   */
  activeContent?: ActiveItem[];
  /**
   * Bounds of analysis this page hit, present only when one did: what was cut is not in the model.
   * `html-depth` (elements nested deeper than 256 were attached at that depth), `html-elements` (past
   * 200,000 elements, later ones dropped, their text kept), `html-attributes` (past 1,000 attributes
   * on an element), `stylesheets` (past 200 `<style>`
   * elements), `css-depth` (`@media`/`@supports` nested deeper than 16), `css-rules` (past 5,000 rules
   * in a stylesheet), `text-blocks` (past the text block cap, later text joined to the last block).
   */
  limits?: string[];
}
