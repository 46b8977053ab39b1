/**
 * Just enough CSS to tell whether a declaration block hides an element. A hand-written tokenizer is
 * enough because we only need declarations and simple selectors, and must never choke on hostile input.
 */

export type Declarations = Map<string, string>;

/** Parse `a: b; c: d` into lower-case property → value (last one wins, `!important` stripped). */
export function parseDeclarations(style: string): Declarations {
  const out: Declarations = new Map();
  for (const part of style.split(';')) {
    const colon = part.indexOf(':');
    if (colon <= 0) continue;
    const prop = part.slice(0, colon).trim().toLowerCase();
    // Most values carry no `!`: the expression that strips `!important` is tried only on those that do.
    const raw = part.slice(colon + 1);
    const value = (raw.includes('!') ? raw.replace(/!\s*important/i, '') : raw).trim().toLowerCase();
    if (prop && value) out.set(prop, value);
  }
  return out;
}

/** A rule from a `<style>` block whose selector is one compound selector (`.a`, `#b`, `div.c`). */
export interface SimpleRule {
  tag: string | null;
  id: string | null;
  classes: string[];
  declarations: Declarations;
}

const COMPOUND = /^([a-z][a-z0-9-]*)?((?:[#.][\w-]+)*)$/i;

/**
 * The rule of one compound selector with its block's declarations, or null when the selector is not
 * one. The rule is built whole here: spreading a selector-only object into it per selector of a list
 * was most of the cost of pushing rules.
 */
function compoundRule(selector: string, declarations: Declarations): SimpleRule | null {
  const m = COMPOUND.exec(selector.trim());
  if (!m || (!m[1] && !m[2])) return null;
  const parts = (m[2] ?? '').match(/[#.][\w-]+/g) ?? [];
  const id = parts.find((p) => p.startsWith('#'))?.slice(1) ?? null;
  const classes = parts.filter((p) => p.startsWith('.')).map((p) => p.slice(1));
  return { tag: m[1]?.toLowerCase() ?? null, id, classes, declarations };
}

export interface StyleSheetRules {
  /** Rules that apply everywhere (top level, or inside `@media screen` / `@media all`). */
  rules: SimpleRule[];
  /** Rules that apply only under a condition (`@media (max-width: …)`, `@supports …`). */
  conditional: SimpleRule[];
  /** What was not read to keep the work bounded: `css-depth` (blocks nested deeper than `MAX_CSS_DEPTH`), `css-rules`. */
  limits?: string[];
}

/**
 * `@media`/`@supports` blocks nested deeper than this are skipped (and `css-depth` recorded). Real
 * stylesheets nest two or three deep; hostile ones nest thousands deep to exhaust a recursive parser.
 */
export const MAX_CSS_DEPTH = 16;

/**
 * Extract simple rules from a stylesheet. Complex selectors (descendant, pseudo-classes such as
 * `:hover` menus) are skipped on purpose: they hide things conditionally, which is not tampering.
 */
export function parseSimpleRules(css: string, maxRules = 5000): SimpleRule[] {
  return parseStyleSheet(css, maxRules).rules;
}

/**
 * Parse a stylesheet. `keep` can skip rule bodies before their declarations are parsed: pages carry
 * tens of kilobytes of inline CSS, and only rules that could hide or reveal matter to analysis.
 * Linear in the text and iterative: braces are matched in one pass, and nested blocks are walked
 * with an explicit stack.
 */
export function parseStyleSheet(
  css: string,
  maxRules = 5000,
  keep: (body: string) => boolean = () => true,
): StyleSheetRules {
  // Comments go; so do the HTML comment markers old pages wrap styles in (CSS ignores them too).
  const text = stripComments(css).replace(/<!--|-->/g, ' ');
  const out: StyleSheetRules = { rules: [], conditional: [] };
  const scan = new Scanner(text);
  // The blocks being read, innermost last: each resumes at `at` once the block nested in it is done.
  const frames: Frame[] = [{ at: 0, to: text.length, conditional: false }];
  while (frames.length > 0) {
    const frame = frames[frames.length - 1] as Frame;
    const nested = readBlock(scan, frame, out, maxRules, keep);
    if (!nested) {
      frames.pop();
      continue;
    }
    if (frames.length > MAX_CSS_DEPTH) addLimit(out, 'css-depth');
    else frames.push(nested);
  }
  if (out.rules.length + out.conditional.length >= maxRules) addLimit(out, 'css-rules');
  return out;
}

/** A cheap test that a declaration block could hide (or show again) anything: see `hidingTechnique`. */
export function mayHideOrReveal(body: string): boolean {
  return (
    /display|visibility|opacity|font-size|-\d{3}|clip|scale|overflow/i.test(body) ||
    (/background/i.test(body) && /(^|[^-])color\s*:/i.test(body))
  );
}

/**
 * The text without its comments. Linear: each comment's end is looked for once. An unclosed comment
 * is left in the text, as the regular expression this replaces (`/\/\*[\s\S]*?\*\//g`) left it; that
 * expression looked for the end again from every later `/*`, quadratic in hostile styles.
 */
function stripComments(css: string): string {
  let start = css.indexOf('/*');
  if (start < 0) return css;
  const parts: string[] = [];
  let from = 0;
  while (start >= 0) {
    const end = css.indexOf('*/', start + 2);
    if (end < 0) break;
    parts.push(css.slice(from, start));
    from = end + 2;
    start = css.indexOf('/*', from);
  }
  parts.push(css.slice(from));
  return parts.join('');
}

function addLimit(out: StyleSheetRules, limit: string): void {
  out.limits ??= [];
  if (!out.limits.includes(limit)) out.limits.push(limit);
}

interface Frame {
  /** Where reading resumes. */
  at: number;
  /** The end of the block (its closing brace, or the end of the text). */
  to: number;
  conditional: boolean;
}

/**
 * The positions of braces and semicolons in a text, found once: asking `indexOf` again from every
 * statement rescanned the same stretch for each of thousands of statements.
 */
class Scanner {
  /** The matching close of open braces, by position, as far as blocks were looked at. */
  private readonly close = new Map<number, number>();
  private nextOpen = -1;
  private nextSemi = -1;

  constructor(readonly text: string) {}

  /** The first `{` at or after `from`, or -1. */
  open(from: number): number {
    if (this.nextOpen !== -2 && (this.nextOpen < from || this.nextOpen === -1)) this.nextOpen = this.find('{', from);
    return this.nextOpen === -2 ? -1 : this.nextOpen;
  }

  /** The first `;` at or after `from`, or -1. */
  semi(from: number): number {
    if (this.nextSemi !== -2 && (this.nextSemi < from || this.nextSemi === -1)) this.nextSemi = this.find(';', from);
    return this.nextSemi === -2 ? -1 : this.nextSemi;
  }

  /** The brace closing the block opened at `open`, or `to` when it is not closed before `to`. */
  matching(open: number, to: number): number {
    const close = this.close.get(open) ?? this.scanBlock(open);
    return close > to ? to : close;
  }

  /**
   * Match the braces of the block opened at `open`, remembering those of the blocks inside it too:
   * the walk then reads those without scanning them again, so every character is scanned once.
   */
  private scanBlock(open: number): number {
    const text = this.text;
    const opens: number[] = [open];
    for (let i = open + 1; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 123) opens.push(i);
      else if (c === 125) {
        const o = opens.pop() as number;
        this.close.set(o, i);
        if (opens.length === 0) return i;
      }
    }
    // Unclosed blocks run to the end of the text.
    for (const o of opens) this.close.set(o, text.length);
    return text.length;
  }

  /** `indexOf`, with -2 meaning "none left": later calls need not look again. */
  private find(ch: string, from: number): number {
    const i = this.text.indexOf(ch, from);
    return i < 0 ? -2 : i;
  }
}

/**
 * Read statements (`@import …;`), at-rule blocks and style rules of one block from `frame.at`. Returns
 * the frame of a `@media`/`@supports` block met (the caller reads it, then resumes this one), or null
 * when the block is done.
 */
function readBlock(
  scan: Scanner,
  frame: Frame,
  out: StyleSheetRules,
  max: number,
  keep: (body: string) => boolean,
): Frame | null {
  const text = scan.text;
  while (frame.at < frame.to && out.rules.length + out.conditional.length < max) {
    const i = frame.at;
    const open = scan.open(i);
    const semi = scan.semi(i);
    const prelude = text.slice(i, open < 0 || open > frame.to ? frame.to : open).trim();
    if (prelude.startsWith('@') && semi >= 0 && (open < 0 || semi < open)) {
      frame.at = semi + 1; // @charset, @import, @namespace: statements, not blocks
      continue;
    }
    if (open < 0 || open >= frame.to) {
      frame.at = frame.to;
      return null;
    }
    const close = scan.matching(open, frame.to);
    frame.at = close + 1;
    if (prelude.startsWith('@')) {
      const media = atKeyword(prelude, 'media');
      // Print styles never show on a screen: they neither hide nor reveal anything for visitors.
      const printOnly = media && /\bprint\b/i.test(prelude) && !/\b(screen|all)\b/i.test(prelude);
      if (!printOnly && (media || atKeyword(prelude, 'supports'))) {
        return { at: open + 1, to: close, conditional: frame.conditional || !media || !unconditionalMedia(prelude) };
      }
    } else {
      const body = text.slice(open + 1, close);
      if (keep(body))
        pushRules(
          frame.conditional ? out.conditional : out.rules,
          prelude,
          body,
          max - out.rules.length - out.conditional.length,
        );
    }
  }
  return null;
}

/**
 * `/^@word\b/i.test(prelude)` for a lower-case ASCII `word`, without a regular expression: a page's
 * style sheets hold thousands of `@media` blocks, and the expression cost more than reading the block.
 * Without the `u` flag, `i` matches only ASCII letters to ASCII ones and `\b` knows only `\w`'s ASCII.
 */
export function atKeyword(prelude: string, word: string): boolean {
  if (prelude.length <= word.length || prelude.charCodeAt(0) !== 64) return false;
  // `c | 0x20` is `word`'s letter only for that letter and its capital.
  for (let k = 0; k < word.length; k++) if ((prelude.charCodeAt(k + 1) | 0x20) !== word.charCodeAt(k)) return false;
  const next = prelude.charCodeAt(word.length + 1);
  // A word character after the keyword (`@mediax`) is no word boundary; the end of the text is.
  return !((next >= 48 && next <= 57) || (next >= 65 && next <= 90) || (next >= 97 && next <= 122) || next === 95);
}

/** `@media screen`, `@media all`, `@media screen, print`: no feature test, so it applies on screens. */
function unconditionalMedia(prelude: string): boolean {
  return !prelude.includes('(') && /\b(screen|all)\b/i.test(prelude);
}

/** Push a rule per simple selector of a selector list, `room` at most (lists run to a million selectors). */
function pushRules(rules: SimpleRule[], selectorText: string, body: string, room: number): void {
  const declarations = parseDeclarations(body);
  if (declarations.size === 0) return;
  let from = 0;
  while (from <= selectorText.length && room > 0) {
    const comma = selectorText.indexOf(',', from);
    const end = comma < 0 ? selectorText.length : comma;
    const rule = compoundRule(selectorText.slice(from, end), declarations);
    if (rule) {
      rules.push(rule);
      room -= 1;
    }
    from = end + 1;
  }
}

function px(value: string | undefined): number | null {
  if (value === undefined) return null;
  // `\d+(\.\d+)?|\.\d+`, not `\d*\.?\d+`: the same numbers, without trying every split of a long digit run.
  const m = /^(-?(?:\d+(?:\.\d+)?|\.\d+))(px|em|rem|pt|%|vw|vh)?$/.exec(value.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2] ?? 'px';
  return unit === 'em' || unit === 'rem' ? n * 16 : n;
}

const FAR = -500;

/** The hiding technique a declaration block uses, or null when it leaves the element visible. */
export function hidingTechnique(d: Declarations): string | null {
  const display = d.get('display');
  if (display === 'none') return 'display:none';
  // A table column box never renders its content: a favourite of SEO spam injectors.
  if (display === 'table-column' || display === 'table-column-group') return `display:${display}`;
  const visibility = d.get('visibility');
  if (visibility === 'hidden' || visibility === 'collapse') return `visibility:${visibility}`;
  const opacity = Number(d.get('opacity'));
  if (d.has('opacity') && Number.isFinite(opacity) && opacity <= 0.05) return 'opacity:0';
  if (px(d.get('font-size')) === 0) return 'font-size:0';
  const position = d.get('position');
  if (position === 'absolute' || position === 'fixed') {
    for (const side of ['left', 'top', 'right', 'bottom'] as const) {
      const v = px(d.get(side));
      if (v !== null && v <= FAR) return 'off-screen';
    }
  }
  const indent = px(d.get('text-indent'));
  if (indent !== null && indent <= FAR) return 'text-indent';
  const overflowHidden = (d.get('overflow') ?? d.get('overflow-y') ?? d.get('overflow-x')) === 'hidden';
  const h = px(d.get('height') ?? d.get('max-height'));
  const w = px(d.get('width') ?? d.get('max-width'));
  if (overflowHidden && ((h !== null && h <= 1) || (w !== null && w <= 1))) return 'zero-size';
  const clip = d.get('clip') ?? d.get('clip-path');
  if (clip && /rect\(\s*0(px)?[\s,]+0(px)?[\s,]+0(px)?[\s,]+0(px)?\s*\)|inset\(\s*50%/.test(clip)) return 'clip';
  if (/scale\(\s*0(\.0+)?\s*\)/.test(d.get('transform') ?? '')) return 'scale:0';
  const color = d.get('color');
  const background = d.get('background-color') ?? d.get('background');
  if (color && background && normaliseColour(color) === normaliseColour(background)) return 'colour-matches-background';
  return null;
}

const NAMED: Record<string, string> = { white: '#ffffff', black: '#000000', '#fff': '#ffffff', '#000': '#000000' };

function normaliseColour(c: string): string {
  // `\s*,\s*|\s+` is `\s*[,\s]\s*` without its quadratic choice of where a run of spaces splits.
  const rgb = /^rgba?\(\s*(\d+)(?:\s*,\s*|\s+)(\d+)(?:\s*,\s*|\s+)(\d+)/.exec(c.trim());
  if (rgb) return `#${[rgb[1], rgb[2], rgb[3]].map((x) => Number(x).toString(16).padStart(2, '0')).join('')}`;
  // A `background` shorthand may carry more than a colour: its first word is the colour here.
  const v = c.trim().split(/\s+/)[0] ?? '';
  const named = NAMED[v];
  if (named) return named;
  if (/^#[0-9a-f]{3}$/.test(v)) return `#${[...v.slice(1)].map((x) => x + x).join('')}`;
  return v;
}
