import type { Element } from 'domhandler';
import type { HiddenBy } from './page-model.ts';
import { hidingTechnique, parseDeclarations, parseSimpleRules, type SimpleRule } from './css.ts';

/** Hiding rules from the page's `<style>` blocks, indexed for lookup by class, id and tag. */
export interface RuleIndex {
  byClass: Map<string, SimpleRule[]>;
  byId: Map<string, SimpleRule[]>;
  byTag: Map<string, SimpleRule[]>;
}

/** Index only the rules that hide: the rest cannot make an element invisible on their own. */
export function indexHidingRules(stylesheets: string[]): RuleIndex {
  const index: RuleIndex = { byClass: new Map(), byId: new Map(), byTag: new Map() };
  for (const css of stylesheets) {
    for (const rule of parseSimpleRules(css)) {
      if (!hidingTechnique(rule.declarations)) continue;
      if (rule.id) push(index.byId, rule.id, rule);
      else if (rule.classes[0]) push(index.byClass, rule.classes[0], rule);
      else if (rule.tag) push(index.byTag, rule.tag, rule);
    }
  }
  return index;
}

function push(map: Map<string, SimpleRule[]>, key: string, rule: SimpleRule): void {
  const list = map.get(key);
  if (list) list.push(rule);
  else map.set(key, [rule]);
}

/** Tags that are hidden by nature and hold no visible content of their own. */
const INVISIBLE_TAGS = new Set(['head', 'script', 'style', 'template', 'meta', 'link']);

/** How this element itself is hidden (not counting its ancestors), or null. */
export function hiddenByElement(el: Element, path: string, rules: RuleIndex): HiddenBy | null {
  if (INVISIBLE_TAGS.has(el.name)) return null;
  if (el.name === 'noscript') return { technique: 'noscript', source: 'attribute', at: path };
  const a = el.attribs;
  if (a.hidden !== undefined) return { technique: 'hidden-attribute', source: 'attribute', at: path };
  if (el.name === 'input' && (a.type ?? '').toLowerCase() === 'hidden') return null;
  if (a.style) {
    const technique = hidingTechnique(parseDeclarations(a.style));
    if (technique) return { technique, source: 'inline', at: path };
  }
  const ruleTechnique = matchRules(el, rules);
  return ruleTechnique ? { technique: ruleTechnique, source: 'style-rule', at: path } : null;
}

function matchRules(el: Element, rules: RuleIndex): string | null {
  const candidates: SimpleRule[] = [];
  const id = el.attribs.id;
  if (id) candidates.push(...(rules.byId.get(id) ?? []));
  for (const c of (el.attribs.class ?? '').split(/\s+/)) if (c) candidates.push(...(rules.byClass.get(c) ?? []));
  candidates.push(...(rules.byTag.get(el.name) ?? []));
  const classes = new Set((el.attribs.class ?? '').split(/\s+/));
  for (const rule of candidates) {
    if (rule.tag && rule.tag !== el.name) continue;
    if (rule.id && rule.id !== id) continue;
    if (!rule.classes.every((c) => classes.has(c))) continue;
    const technique = hidingTechnique(rule.declarations);
    if (technique) return technique;
  }
  return null;
}
