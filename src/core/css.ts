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
    const value = part
      .slice(colon + 1)
      .replace(/!\s*important/i, '')
      .trim()
      .toLowerCase();
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

function parseCompound(selector: string): Omit<SimpleRule, 'declarations'> | null {
  const m = COMPOUND.exec(selector.trim());
  if (!m || (!m[1] && !m[2])) return null;
  const parts = (m[2] ?? '').match(/[#.][\w-]+/g) ?? [];
  const id = parts.find((p) => p.startsWith('#'))?.slice(1) ?? null;
  const classes = parts.filter((p) => p.startsWith('.')).map((p) => p.slice(1));
  return { tag: m[1]?.toLowerCase() ?? null, id, classes };
}

export interface StyleSheetRules {
  /** Rules that apply everywhere (top level, or inside `@media screen` / `@media all`). */
  rules: SimpleRule[];
  /** Rules that apply only under a condition (`@media (max-width: …)`, `@supports …`). */
  conditional: SimpleRule[];
}

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
 */
export function parseStyleSheet(css: string, maxRules = 5000, keep: (body: string) => boolean = () => true): StyleSheetRules {
  // Comments go; so do the HTML comment markers old pages wrap styles in (CSS ignores them too).
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/<!--|-->/g, ' ');
  const out: StyleSheetRules = { rules: [], conditional: [] };
  parseBlock(text, 0, text.length, false, out, maxRules, keep);
  return out;
}

/** A cheap test that a declaration block could hide (or show again) anything: see `hidingTechnique`. */
export function mayHideOrReveal(body: string): boolean {
  return (
    /display|visibility|opacity|font-size|-\d{3}|clip|scale|overflow/i.test(body) ||
    (/background/i.test(body) && /(^|[^-])color\s*:/i.test(body))
  );
}

/** One level of a stylesheet: statements (`@import …;`), at-rule blocks and style rules. */
function parseBlock(
  text: string,
  from: number,
  to: number,
  conditional: boolean,
  out: StyleSheetRules,
  max: number,
  keep: (body: string) => boolean,
): void {
  let i = from;
  while (i < to && out.rules.length + out.conditional.length < max) {
    const open = text.indexOf('{', i);
    const semi = text.indexOf(';', i);
    const prelude = text.slice(i, open < 0 || open > to ? to : open).trim();
    if (prelude.startsWith('@') && semi >= 0 && (open < 0 || semi < open)) {
      i = semi + 1; // @charset, @import, @namespace: statements, not blocks
      continue;
    }
    if (open < 0 || open >= to) return;
    const close = matchingBrace(text, open, to);
    if (prelude.startsWith('@')) {
      const media = /^@media\b/i.test(prelude);
      // Print styles never show on a screen: they neither hide nor reveal anything for visitors.
      const printOnly = media && /\bprint\b/i.test(prelude) && !/\b(screen|all)\b/i.test(prelude);
      if (!printOnly && (media || /^@supports\b/i.test(prelude))) parseBlock(text, open + 1, close, conditional || !media || !unconditionalMedia(prelude), out, max, keep);
    } else {
      const body = text.slice(open + 1, close);
      if (keep(body)) pushRules(conditional ? out.conditional : out.rules, prelude, body);
    }
    i = close + 1;
  }
}

function matchingBrace(text: string, open: number, to: number): number {
  let depth = 0;
  for (let i = open; i < to; i++) {
    if (text[i] === '{') depth += 1;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return to;
}

/** `@media screen`, `@media all`, `@media screen, print`: no feature test, so it applies on screens. */
function unconditionalMedia(prelude: string): boolean {
  return !prelude.includes('(') && /\b(screen|all)\b/i.test(prelude);
}

function pushRules(rules: SimpleRule[], selectorText: string, body: string): void {
  const declarations = parseDeclarations(body);
  if (declarations.size === 0) return;
  for (const sel of selectorText.split(',')) {
    const compound = parseCompound(sel);
    if (compound) rules.push({ ...compound, declarations });
  }
}

function px(value: string | undefined): number | null {
  if (value === undefined) return null;
  const m = /^(-?\d*\.?\d+)(px|em|rem|pt|%|vw|vh)?$/.exec(value.trim());
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
  const rgb = /^rgba?\(\s*(\d+)\s*[,\s]\s*(\d+)\s*[,\s]\s*(\d+)/.exec(c.trim());
  if (rgb) return `#${[rgb[1], rgb[2], rgb[3]].map((x) => Number(x).toString(16).padStart(2, '0')).join('')}`;
  // A `background` shorthand may carry more than a colour: its first word is the colour here.
  const v = c.trim().split(/\s+/)[0] ?? '';
  const named = NAMED[v];
  if (named) return named;
  if (/^#[0-9a-f]{3}$/.test(v)) return `#${[...v.slice(1)].map((x) => x + x).join('')}`;
  return v;
}
