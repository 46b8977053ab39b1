import type { LiteElement as Element, LiteNode as ChildNode } from './lite-dom.ts';
import type { HiddenBy, PageModel, TextBlock } from './page-model.ts';
import { pathOf, regionOf, skeletonKey, type PathNode } from './element-paths.ts';
import { OpenElements, type OpenBlock, type OpenElement } from './open-elements.ts';
import { hiddenByElement, renderedHiding, type RuleIndex } from './visibility.ts';
import { emptyProfile } from './script-profile.ts';
import { collapseBlock, collapseWhitespace, foldedHash, snippet, toBase36 } from './text.ts';
import { hostOf, isExternalHost, resolveUrl, type ResolvedUrl } from './url.ts';
import { scriptFeatures } from './script-features.ts';
import { ActiveCollector } from './active-content/collector.ts';
import { inlineLook, lookNames, ownLook } from './block-look.ts';
import { scriptLookup, type KnownScript, type ScriptDigest } from './known-scripts.ts';
import {
  IS_BLOCK,
  IS_CODE,
  IS_INTERESTING,
  IS_SUPPRESS,
  LEAK,
  MAX_STRUCTURE,
  SCRIPT_LEAK,
  SCRIPT_SAMPLE,
  TAG_FLAGS,
} from './model-tags.ts';

interface Resolved extends ResolvedUrl {
  external: boolean;
}

/**
 * Text blocks per page. Each costs a path, a region and two hashes; real pages have hundreds to a
 * couple of thousand, a hostile one hundreds of thousands.
 */
const MAX_TEXT_BLOCKS = 20_000;
/** Nodes visited to read one element's text (see `textContent`). */
const MAX_TEXT_NODES = 10_000;
/** Distinct URLs memoised per page; hostile pages can carry millions. */
const MAX_RESOLVED = 5000;

/**
 * Accumulates the page model during the DOM walk in `analyse.ts`. Stateful but pure: it sees only
 * what it is handed.
 */
export class ModelBuilder {
  private readonly model: PageModel;
  /** The open elements' records, reused per depth (`open-elements.ts`). */
  private readonly open = new OpenElements();
  /**
   * Text blocks by their order of opening (`OpenBlock.order`): blocks are flushed as they close,
   * innermost first, and a slot per order puts them back in document order without a sort or a
   * wrapper object per block. Empty blocks leave a hole.
   */
  private readonly blocks: (TextBlock | undefined)[] = [];
  /** Skeleton keys (tag and id paths, classes ignored: build tools rename classes). */
  private readonly structure = new Set<number>();
  private base: string;
  private readonly pageHost: string | null;
  private blockCounter = 0;
  /** Bounds this page hit while building (see `PageModel.limits`). */
  readonly limits = new Set<string>();
  /** Resolved URLs by their raw attribute value, for the current base (cleared when `<base>` moves it). */
  private readonly resolved = new Map<string, Resolved | null>();
  /**
   * The text parts of every open block, innermost block's last: blocks open and close as the
   * elements that make them do, and text goes only to the innermost one, so each block's parts are
   * one run at the end (from its `start` to `partsEnd`), dropped when it is flushed. One array for
   * the page instead of one per block, which grew to room for 17 on a block's second part.
   */
  private readonly parts: string[] = [];
  private partsEnd = 0;
  /** The active-content inventory (scripts, frames, handlers...), collected in the same walk. */
  private readonly active = new ActiveCollector();
  /** The look of each inline style met in this document (`ownLook`). */
  private readonly styleLooks = new Map<string, number>();

  constructor(
    url: string,
    private readonly rules: RuleIndex,
    /** The HTML is a rendered document whose visibility marks replace the static CSS reading. */
    private readonly rendered = false,
    /** The caller's script digest and the baseline's known scripts by lookup key (`known-scripts.ts`). */
    private readonly scripts: { digest: ScriptDigest; known: ReadonlyMap<string, KnownScript> } | null = null,
  ) {
    this.base = url;
    this.pageHost = hostOf(url);
    this.model = {
      url,
      title: '',
      declaredLang: null,
      scriptProfile: emptyProfile(),
      headings: [],
      textBlocks: [],
      links: [],
      images: [],
      scripts: [],
      iframes: [],
      forms: [],
      metaRefresh: null,
      markupLeaks: [],
      structure: [],
      visibleTextLength: 0,
    };
  }

  enter(el: Element): void {
    const parent = this.top();
    const own = ownLook(el, this.styleLooks);
    const node = this.open.push(el, parent);
    node.look = (parent?.look ?? 0) | own;
    const hiding = this.rendered ? renderedHiding(el) : hiddenByElement(el, this.rules);
    const hidden =
      hiding === 'visible' ? null : hiding ? { ...hiding, at: pathOf(node) } : inherit(parent?.hidden ?? null);
    const tag = TAG_FLAGS.get(el.name) ?? 0;
    const suppress = (parent?.suppress ?? false) || (tag & IS_SUPPRESS) !== 0;
    let block: OpenBlock | null = parent?.block ?? null;
    if ((tag & IS_BLOCK) !== 0 && !suppress) {
      // Past the cap a block's text joins the enclosing block's: kept, but not a block of its own.
      if (this.blockCounter < MAX_TEXT_BLOCKS) block = this.openBlock(node, hidden);
      else this.limits.add('text-blocks');
    } else if (block && own !== 0) block.look |= inlineLook(own);
    node.hidden = hidden;
    node.block = block;
    node.suppress = suppress;
    node.code = (parent?.code ?? false) || (tag & IS_CODE) !== 0;
    // A line break separates words even inside one block ("ARMY<br>$MESSAGE" is two phrases).
    if ((el.name === 'br' || el.name === 'hr') && block && !suppress) this.addPart(' ');
    if (this.structure.size < MAX_STRUCTURE) this.structure.add(node.skeleton);
    this.element(el, node, hidden, (tag & IS_INTERESTING) !== 0);
  }

  exit(el: Element): void {
    const top = this.top();
    if (!top || top.el !== el) return;
    this.open.pop();
    const parentBlock = this.top()?.block ?? null;
    if (top.block && top.block !== parentBlock) this.flushBlock(top.block);
    if (el.name === 'h1' || el.name === 'h2') {
      const text = collapseWhitespace(textContent(el));
      if (text) this.model.headings.push(snippet(text, 200));
    }
  }

  text(data: string): void {
    const top = this.top();
    if (!top || top.suppress || !top.block) return;
    // Kept as it is, whitespace too: `collapseBlock` reads the parts in place when the block closes.
    this.addPart(data);
    if (top.code) top.block.inCode = true;
  }

  /** A text part of the innermost open block (see `parts`); earlier slots past the end are reused. */
  private addPart(part: string): void {
    this.parts[this.partsEnd++] = part;
  }

  /** The source of a `<script>` or `<style>` element. */
  rawText(el: Element, source: string): void {
    if (el.name === 'script') this.inlineScript(el, source);
  }

  private top(): OpenElement | null {
    return this.open.top();
  }

  /** The block `node`'s element starts: its parts start at the end of `parts`. */
  private openBlock(node: OpenElement, hidden: HiddenBy | null): OpenBlock {
    return this.open.openBlock(node, hidden, this.blockCounter++, this.partsEnd);
  }

  finish(): PageModel {
    const textBlocks: TextBlock[] = [];
    for (const b of this.blocks) if (b !== undefined) textBlocks.push(b);
    this.model.textBlocks = textBlocks;
    this.model.structure = [...this.structure].map((k) => toBase36(skeletonKey(k))).sort();
    this.model.activeContent = this.active.items;
    return this.model;
  }

  private flushBlock(block: OpenBlock): void {
    // A visible block's letters are counted for the page's script profile in the collapsing scan,
    // and both its hashes (most blocks fold to themselves: their shape hash is then their hash).
    const profile = block.hidden ? null : this.model.scriptProfile;
    const { text, plain, shape } = collapseBlock(this.parts, profile, block.start, this.partsEnd);
    // Its parts are the last ones: the enclosing block's next parts go where they were.
    this.partsEnd = block.start;
    if (!text) return;
    const tb: TextBlock = {
      path: pathOf(block.node),
      region: regionOf(block.node),
      text,
      hash: plain,
      shapeHash: shape,
      hidden: block.hidden,
      inCode: block.inCode,
    };
    if (block.look !== 0) tb.look = lookNames(block.look);
    this.blocks[block.order] = tb;
    if (!block.hidden) this.model.visibleTextLength += text.length;
  }

  private element(el: Element, node: PathNode, hidden: HiddenBy | null, interesting: boolean): void {
    const a = el.attribs;
    // Only handlers and values with a `<` matter below: the parser noted whether the element has any.
    if (el.marked)
      for (const name in a) {
        const value = a[name] as string;
        // `on*` attributes are code: part of the active-content inventory.
        if (name.charCodeAt(0) === 111 && name.charCodeAt(1) === 110 && name.length > 2)
          this.active.handler(() => pathOf(node), el.name, name, value);
        // data-* attributes legitimately carry embed markup for scripts to insert later. Markup needs a
        // `<`: testing for one first spares the regular expression on nearly every attribute.
        if (
          !value.includes('<') ||
          !SCRIPT_LEAK.test(value) ||
          name.startsWith('data-') ||
          this.model.markupLeaks.length >= 20
        )
          continue;
        this.model.markupLeaks.push({ path: pathOf(node), where: 'attribute', snippet: snippet(value, 200) });
      }
    if (el.name === 'link' && a.href && /preload/i.test(a.rel ?? ''))
      this.active.preload(pathOf(node), a, this.resolve(a.href));
    if (interesting) this.interesting(el, node, hidden);
  }

  /**
   * The elements the model records one by one. Their path is built only when an entry is recorded:
   * most `<meta>`, `<img>` without a source and the like record nothing, and a path is strings.
   */
  private interesting(el: Element, node: PathNode, hidden: HiddenBy | null): void {
    const a = el.attribs;
    switch (el.name) {
      case 'html':
        this.model.declaredLang = a.lang?.trim().toLowerCase() || null;
        return;
      case 'base':
        if (a.href) this.base = resolveUrl(a.href, this.base)?.href ?? this.base;
        this.resolved.clear();
        if (a.href) this.active.base(pathOf(node), this.resolve(a.href));
        return;
      case 'title':
        if (!this.model.title) this.model.title = snippet(textContent(el), 300);
        if (LEAK.test(this.model.title))
          this.model.markupLeaks.push({ path: pathOf(node), where: 'title', snippet: this.model.title });
        return;
      case 'meta':
        this.meta(a, node);
        return;
      case 'a':
      case 'area':
        if (a.href !== undefined) this.link(el, pathOf(node), hidden);
        return;
      case 'img':
        this.image(el, node, hidden);
        return;
      case 'iframe':
      case 'frame':
      case 'embed':
      case 'object':
        this.frame(el, node, hidden);
        return;
      case 'script':
        if (a.src) {
          const path = pathOf(node);
          this.externalScript(a.src, path);
          this.active.externalScript(path, this.resolve(a.src), a.src, a);
        }
        return;
      case 'form':
        this.form(a, pathOf(node));
        return;
      default:
        return;
    }
  }

  private meta(a: Record<string, string>, node: PathNode): void {
    if ((a['http-equiv'] ?? '').toLowerCase() !== 'refresh' || !a.content) return;
    const path = pathOf(node);
    const m = /^\s*(\d+(?:\.\d+)?)?\s*[;,]?\s*(?:url\s*=\s*)?['"]?([^'"]*)['"]?\s*$/i.exec(a.content);
    const delaySeconds = Number(m?.[1] ?? 0);
    const target = m?.[2] ? this.resolve(m[2]) : null;
    this.model.metaRefresh = {
      path,
      delaySeconds,
      url: target?.href ?? null,
      external: target?.external ?? false,
    };
    this.active.refresh(path, target, delaySeconds);
  }

  private link(el: Element, path: string, hidden: HiddenBy | null): void {
    const r = this.resolve(el.attribs.href ?? '');
    this.model.links.push({
      path,
      href: r?.href ?? el.attribs.href ?? '',
      host: r?.host ?? null,
      external: r?.external ?? false,
      text: snippet(textContent(el), 200),
      hidden,
    });
  }

  private image(el: Element, node: PathNode, hidden: HiddenBy | null): void {
    const raw = el.attribs.src ?? el.attribs['data-src'];
    if (!raw) return;
    const path = pathOf(node);
    const r = this.resolve(raw);
    this.model.images.push({
      path,
      src: r?.href ?? raw,
      host: r?.host ?? null,
      external: r?.external ?? false,
      alt: snippet(el.attribs.alt ?? '', 200),
      hidden,
    });
  }

  private frame(el: Element, node: PathNode, hidden: HiddenBy | null): void {
    const raw = el.attribs.src ?? el.attribs.data;
    if (!raw) return;
    const path = pathOf(node);
    const r = this.resolve(raw);
    const width = el.attribs.width ?? null;
    const height = el.attribs.height ?? null;
    const tiny = [width, height].some((v) => v !== null && Number.parseFloat(v) <= 1);
    const frameHidden = hidden ?? (tiny ? { technique: 'zero-size', source: 'attribute', at: path } : null);
    this.model.iframes.push({
      path,
      src: r?.href ?? raw,
      host: r?.host ?? null,
      external: r?.external ?? false,
      width,
      height,
      hidden: frameHidden,
    });
    this.active.frame(
      el.name === 'object' || el.name === 'embed' ? el.name : 'iframe',
      path,
      r,
      raw,
      frameHidden?.technique ?? null,
    );
  }

  private externalScript(src: string, path: string): void {
    const r = this.resolve(src);
    this.model.scripts.push({
      path,
      src: r?.href ?? src,
      host: r?.host ?? null,
      external: r?.external ?? false,
      inlineShapeHash: null,
      snippet: '',
      length: 0,
      features: [],
      urls: [],
    });
  }

  /**
   * A URL resolved against the current base, with whether it is external. Memoised per page: menus,
   * footers and image sprites repeat the same URLs, and each WHATWG parse crosses into C++.
   */
  private resolve(raw: string): Resolved | null {
    const known = this.resolved.get(raw);
    if (known !== undefined) return known;
    const r = resolveUrl(raw, this.base);
    const out = r ? { href: r.href, host: r.host, external: isExternalHost(r.host, this.pageHost) } : null;
    if (this.resolved.size < MAX_RESOLVED) this.resolved.set(raw, out);
    return out;
  }

  private inlineScript(el: Element, source: string): void {
    if (el.attribs.src || !source.trim()) return;
    const type = (el.attribs.type ?? '').toLowerCase();
    // JSON-LD and templates are data, not code.
    if (type && !/javascript|ecmascript|module/.test(type)) return;
    const top = this.top();
    const path = top ? pathOf(top) : '';
    // Inline bundles run to hundreds of kilobytes; injected code is short. Features and shape are taken
    // from the head and tail of long scripts, with the length in the shape so any growth still shows.
    const sampled = source.length > SCRIPT_SAMPLE * 2;
    const sample = sampled ? `${source.slice(0, SCRIPT_SAMPLE)}\n${source.slice(-SCRIPT_SAMPLE)}` : source;
    const digest = this.scripts ? scriptLookup(this.scripts.digest, sample, sampled ? source.length : null) : undefined;
    const known = digest === undefined ? undefined : this.scripts?.known.get(digest);
    // A script the baseline knows by its digest has the facts it had then: its text decides them all.
    const found = known ? { features: [...known.features], urls: [...known.urls] } : scriptFeatures(sample);
    const shown = snippet(source, 200);
    this.model.scripts.push({
      path,
      src: null,
      host: null,
      external: false,
      inlineShapeHash: known ? known.shape : foldedHash(sample, true, `${sampled ? source.length : ''}`).hash,
      snippet: shown,
      length: source.length,
      ...found,
      ...(digest === undefined ? {} : { digest }),
    });
    // The inventory shows the sample's snippet, which is the script's own unless it was sampled.
    this.active.inlineScript(path, sample, found.features, found.urls, sampled ? undefined : shown, known?.key);
  }

  private form(a: Record<string, string>, path: string): void {
    const r = this.resolve(a.action || this.model.url);
    this.model.forms.push({
      path,
      action: r?.href ?? a.action ?? '',
      host: r?.host ?? null,
      external: r?.external ?? false,
      method: (a.method ?? 'get').toLowerCase(),
    });
    this.active.form(path, r, a.action ?? '');
  }
}

/**
 * What an element inside a hidden one inherits. An inherited record is passed on as it is (its
 * descendants would get a copy with the same three fields): one object per hidden subtree, not one
 * per element in it.
 */
function inherit(h: HiddenBy | null): HiddenBy | null {
  if (!h) return null;
  return h.source === 'ancestor' ? h : { technique: h.technique, source: 'ancestor', at: h.at };
}

/**
 * The text of an element, up to `max` characters. It visits at most `MAX_TEXT_NODES` nodes: a
 * heading or link around a hostile subtree of thousands of empty elements is read for each of the
 * headings and links nested in it, and an unbounded visit made that quadratic.
 */
function textContent(el: Element, max = 2000): string {
  let out = '';
  let visits = 0;
  const stack: ChildNode[] = [];
  pushChildren(stack, el);
  while (stack.length > 0 && out.length < max && visits++ < MAX_TEXT_NODES) {
    const n = stack.pop();
    if (!n) break;
    if (n.type === 'text') out += n.data;
    else pushChildren(stack, n);
  }
  return out;
}

/** The first children of `el` (no more than a text read visits), onto `stack` so the first pops first. */
function pushChildren(stack: ChildNode[], el: Element): void {
  for (let i = Math.min(el.children.length, MAX_TEXT_NODES) - 1; i >= 0; i--) stack.push(el.children[i] as ChildNode);
}
