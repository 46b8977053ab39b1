import { MAX_TREE_DEPTH, parseLite, type LiteElement, type LiteNode } from './lite-dom.ts';
import type { PageModel } from './page-model.ts';
import { ModelBuilder } from './model-builder.ts';
import { indexHidingRules } from './visibility.ts';
import { knownScriptIndex, type KnownScripts, type ScriptDigest } from './known-scripts.ts';

/**
 * Hostile pages nest thousands deep; beyond this depth elements are not descended into. The tree is
 * already flattened at this depth (`MAX_TREE_DEPTH` in lite-dom.ts), so this is a second guard.
 */
const MAX_DEPTH = MAX_TREE_DEPTH;
/** `<style>` elements read, the last ones first (see `stylesheetsOf`). */
const MAX_STYLESHEETS = 200;

export interface AnalyseOptions {
  /**
   * The HTML is a document serialised by the renderer after scripts ran, its elements marked with
   * what the browser showed (src/render): those marks decide visibility instead of the CSS reading.
   */
  rendered?: boolean;
  /** Rendered view: off-site top-level navigations the page attempted. */
  offsiteNavigations?: string[];
  /**
   * A collision-resistant digest (SHA-256) of text, from the caller (core may not hash so): with it,
   * inline scripts carry their digest for learning, and those in `knownScripts` are not read again.
   */
  scriptDigest?: ScriptDigest;
  /** The baseline's known inline scripts (`Baseline.knownScripts`); used only with `scriptDigest`. */
  knownScripts?: KnownScripts;
}

/**
 * Build the page model from decoded HTML. Pure and total: any input, however malformed, yields a model.
 * The walk is iterative so hostile nesting cannot overflow the stack.
 */
export function analysePage(html: string, url: string, options: AnalyseOptions = {}): PageModel {
  const styleElements: LiteElement[] = [];
  // What the bounds below cut from this page, for the model (`PageModel.limits`).
  const limits = new Set<string>();
  const doc = parseLite(html, styleElements, limits);
  // Style rules apply wherever the <style> sits, so collect them all before the walk.
  const stylesheets = options.rendered ? [] : stylesheetsOf(styleElements);
  if (!options.rendered && styleElements.length > MAX_STYLESHEETS) limits.add('stylesheets');
  const scripts = options.scriptDigest
    ? { digest: options.scriptDigest, known: knownScriptIndex(options.knownScripts) }
    : null;
  const builder = new ModelBuilder(url, indexHidingRules(stylesheets, limits), options.rendered ?? false, scripts);
  // An explicit stack of open elements and, beside it, the index of the next child to visit: no
  // frame object per node (the walk visits every node of a 100 KB page, and allocation shows).
  const open: LiteElement[] = [doc];
  const next: number[] = [0];
  while (open.length > 0) {
    const top = open.length - 1;
    const el = open[top] as LiteElement;
    const i = next[top] as number;
    if (i >= el.children.length) {
      open.pop();
      next.pop();
      if (top > 0) builder.exit(el);
      continue;
    }
    next[top] = i + 1;
    const node = el.children[i] as LiteNode;
    if (node.type === 'text') {
      builder.text(node.data);
      continue;
    }
    builder.enter(node);
    if (node.name === 'script' || node.name === 'style') {
      builder.rawText(node, textOf(node));
      builder.exit(node);
      continue;
    }
    // `top` is the depth of `node` (the document's children are at depth 0).
    if (top < MAX_DEPTH && node.children.length > 0) {
      open.push(node);
      next.push(0);
    } else {
      if (node.children.length > 0) limits.add('html-depth');
      builder.exit(node);
    }
  }
  const model = builder.finish();
  for (const limit of builder.limits) limits.add(limit);
  // Only pages that hit a bound carry the field: other models stay as they were.
  if (limits.size > 0) model.limits = [...limits].sort();
  if (options.offsiteNavigations?.length) model.offsiteNavigations = options.offsiteNavigations;
  return model;
}

/**
 * The text of the page's last 200 `<style>` elements, last first. Hostile pages carry thousands; this
 * order and bound are those of the tree walk that used to find them (it popped children last first),
 * kept so the rules indexed, and so the technique named for a hidden element, stay the same.
 */
function stylesheetsOf(styles: LiteElement[], max = MAX_STYLESHEETS): string[] {
  const out: string[] = [];
  for (let i = styles.length - 1; i >= 0 && out.length < max; i--) out.push(textOf(styles[i] as LiteElement));
  return out;
}

function textOf(el: LiteElement): string {
  let out = '';
  for (const c of el.children) if (c.type === 'text') out += c.data;
  return out;
}
