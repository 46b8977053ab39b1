import type { LiteElement as Element } from './lite-dom.ts';
import type { HiddenBy } from './page-model.ts';
import { hidingTechnique, mayHideOrReveal, parseDeclarations, parseStyleSheet, type SimpleRule } from './css.ts';
import { isSpace } from './text.ts';

/** Hiding rules from the page's `<style>` blocks, indexed for lookup by class, id and tag. */
export interface RuleIndex {
  byClass: Map<string, SimpleRule[]>;
  byId: Map<string, SimpleRule[]>;
  byTag: Map<string, SimpleRule[]>;
  /**
   * The hiding technique of each inline `style` value met so far in the document (null: none).
   * Pages repeat a handful of inline styles on hundreds of elements, and reading one builds a map of
   * its declarations; the index is made per document, so this holds only that document's values.
   */
  inlineStyles: Map<string, string | null>;
}

/** Distinct inline styles remembered per document: hostile pages can carry a different one per element. */
const MAX_INLINE_STYLES = 2000;

/**
 * Index only the rules that hide: the rest cannot make an element invisible on their own. A class or
 * id that some `@media` rule shows again is responsive design (a mobile-only menu), not hiding.
 */
export function indexHidingRules(stylesheets: string[], limits?: Set<string>): RuleIndex {
  const index: RuleIndex = { byClass: new Map(), byId: new Map(), byTag: new Map(), inlineStyles: new Map() };
  const sheets = stylesheets.map((css) => parseStyleSheet(css, 5000, mayHideOrReveal));
  // What a sheet could not read is what the analysis could not see: the page model says so.
  for (const sheet of sheets) for (const limit of sheet.limits ?? []) limits?.add(limit);
  const revealed = new Set(sheets.flatMap((sheet) => sheet.conditional.filter(reveals).flatMap(ruleKeys)));
  for (const sheet of sheets) {
    for (const rule of sheet.rules) {
      if (!hidingTechnique(rule.declarations) || ruleKeys(rule).some((k) => revealed.has(k))) continue;
      if (rule.id) push(index.byId, rule.id, rule);
      else if (rule.classes[0]) push(index.byClass, rule.classes[0], rule);
      else if (rule.tag) push(index.byTag, rule.tag, rule);
    }
  }
  return index;
}

function ruleKeys(rule: SimpleRule): string[] {
  return [...(rule.id ? [`#${rule.id}`] : []), ...rule.classes.map((c) => `.${c}`)];
}

/** A rule that makes elements visible: a display other than none, or visibility visible. */
function reveals(rule: SimpleRule): boolean {
  const display = rule.declarations.get('display');
  return (display !== undefined && display !== 'none') || rule.declarations.get('visibility') === 'visible';
}

function push(map: Map<string, SimpleRule[]>, key: string, rule: SimpleRule): void {
  const list = map.get(key);
  if (list) list.push(rule);
  else map.set(key, [rule]);
}

/** Tags that are hidden by nature and hold no visible content of their own. */
const INVISIBLE_TAGS = new Set(['head', 'script', 'style', 'template', 'meta', 'link']);

/** How this element itself is hidden (not counting its ancestors), or null; the caller adds where. */
export function hiddenByElement(el: Element, rules: RuleIndex): Omit<HiddenBy, 'at'> | null {
  if (INVISIBLE_TAGS.has(el.name)) return null;
  if (el.name === 'noscript') return { technique: 'noscript', source: 'attribute' };
  const a = el.attribs;
  if (a.hidden !== undefined) return { technique: 'hidden-attribute', source: 'attribute' };
  if (el.name === 'input' && (a.type ?? '').toLowerCase() === 'hidden') return null;
  if (a.style) {
    const technique = inlineHiding(a.style, rules.inlineStyles);
    if (technique) return { technique, source: 'inline' };
  }
  const ruleTechnique = matchRules(el, rules);
  return ruleTechnique ? { technique: ruleTechnique, source: 'style-rule' } : null;
}

/** `hidingTechnique` of an inline style, remembered per document (see `RuleIndex.inlineStyles`). */
function inlineHiding(style: string, memo: Map<string, string | null>): string | null {
  const known = memo.get(style);
  if (known !== undefined) return known;
  const technique = hidingTechnique(parseDeclarations(style));
  if (memo.size < MAX_INLINE_STYLES) memo.set(style, technique);
  return technique;
}

function matchRules(el: Element, rules: RuleIndex): string | null {
  // Most pages hide nothing by stylesheet rule: skip the lookups entirely.
  if (rules.byClass.size === 0 && rules.byId.size === 0 && rules.byTag.size === 0) return null;
  const id = el.attribs.id;
  const classAttr = el.attribs.class ?? '';
  const byId = id ? rules.byId.get(id) : undefined;
  const byTag = rules.byTag.get(el.name);
  // The element's classes are split only when a rule could need them: most elements of a page with
  // class rules name none of those classes, and a split per element was a good share of the garbage.
  if (byId === undefined && byTag === undefined && !namesAnyOf(classAttr, rules.byClass)) return null;
  const split = classAttr ? classAttr.split(/\s+/) : [];
  // A hostile class attribute lists thousands of classes: look them up in a set, not a scan each.
  const classes: ClassList = split.length > 32 ? new Set(split) : split;
  if (id) {
    const hiding = firstHiding(byId, el, id, classes);
    if (hiding) return hiding;
  }
  for (const c of split) {
    const byClass = c ? firstHiding(rules.byClass.get(c), el, id, classes) : null;
    if (byClass) return byClass;
  }
  return firstHiding(byTag, el, id, classes);
}

/**
 * Whether any class of a `class` value (its whitespace-separated words, as `split(/\s+/)` gives them)
 * is a key of `byClass`. Each word is looked up as a slice of the value: no array.
 */
function namesAnyOf(classAttr: string, byClass: Map<string, SimpleRule[]>): boolean {
  if (byClass.size === 0) return false;
  const n = classAttr.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(classAttr.charCodeAt(i))) i++;
    const start = i;
    while (i < n && !isSpace(classAttr.charCodeAt(i))) i++;
    if (i > start && byClass.has(start === 0 && i === n ? classAttr : classAttr.slice(start, i))) return true;
  }
  return false;
}

/**
 * The first rule of `list` that matches the element and hides. A module function, not a closure made
 * per element: matching runs for every element of pages with hiding rules.
 */
function firstHiding(
  list: SimpleRule[] | undefined,
  el: Element,
  id: string | undefined,
  classes: ClassList,
): string | null {
  if (!list) return null;
  for (const rule of list) {
    if (rule.tag && rule.tag !== el.name) continue;
    if (rule.id && rule.id !== id) continue;
    if (!hasAll(classes, rule.classes)) continue;
    const technique = hidingTechnique(rule.declarations);
    if (technique) return technique;
  }
  return null;
}

type ClassList = string[] | Set<string>;

function hasAll(classes: ClassList, wanted: string[]): boolean {
  if (Array.isArray(classes)) {
    for (const c of wanted) if (!classes.includes(c)) return false;
  } else for (const c of wanted) if (!classes.has(c)) return false;
  return true;
}

/** The attribute the renderer writes on each block, link, image and frame it judged (src/render/in-page/probe.js). */
export const RENDERED_VIEW_ATTRIBUTE = 'data-mamori-view';

/**
 * In a rendered document the browser's computed view decides: `visible` when the renderer saw the
 * element, a hiding technique when it did not, or null (inherit) for elements it did not judge.
 * `<noscript>` stays hidden: a browser running scripts never shows it.
 */
export function renderedHiding(el: Element): Omit<HiddenBy, 'at'> | 'visible' | null {
  if (el.name === 'noscript') return { technique: 'noscript', source: 'attribute' };
  const view = el.attribs[RENDERED_VIEW_ATTRIBUTE];
  if (view === undefined) return null;
  return view === 'visible' ? 'visible' : { technique: view, source: 'rendered' };
}
