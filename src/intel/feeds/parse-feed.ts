/**
 * Feed items out of RSS 2.0, Atom and JSON documents. Pure and forgiving: a feed is someone else's
 * file, so a malformed item is skipped (and counted) rather than failing the whole feed.
 */
import { parseLite, type LiteElement, type LiteNode } from '../../core/lite-dom.ts';

export interface FeedItem {
  key: string;
  title: string;
  text: string;
  url: string | null;
  publishedAt: number | null;
}

export interface ParsedFeed {
  items: FeedItem[];
  /** Items without a title or text, or otherwise unreadable. */
  skipped: number;
}

/**
 * Items read from one feed; later ones are counted as skipped. Feeds carry tens of items; a hostile
 * one nests or repeats hundreds of thousands.
 */
export const MAX_FEED_ITEMS = 5000;
/** Characters of an item's field read: a title or a summary with its markup, not a dump. */
const MAX_FIELD = 1_000_000;

/**
 * The text under the given nodes, comments excluded, `max` characters at most. Iterative and bounded:
 * the tree is built by `parseLite` (linear, depth-bounded), and a recursive read overflowed the stack
 * on nesting a feed chose.
 */
function textOf(nodes: LiteNode[], max = MAX_FIELD): string {
  let out = '';
  const stack: LiteNode[] = [...nodes].reverse();
  while (stack.length > 0 && out.length < max) {
    const n = stack.pop() as LiteNode;
    if (n.type === 'text') out += n.data;
    else for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as LiteNode);
  }
  return out.length > max ? out.slice(0, max) : out;
}

/** Markup inside a description (RSS often carries escaped HTML) as plain text. */
function plain(html: string): string {
  const text = /[<&]/.test(html) ? textOf(parseLite(html).children) : html;
  return text.replace(/\s+/g, ' ').trim();
}

function child(el: LiteElement, ...names: string[]): LiteNode[] {
  const found = el.children.find((c): c is LiteElement => c.type === 'tag' && names.includes(c.name.toLowerCase()));
  return found ? [found] : [];
}

function time(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  const t = Date.parse(value.trim());
  return Number.isNaN(t) ? null : t;
}

function rssItem(el: LiteElement): FeedItem | null {
  const title = plain(textOf(child(el, 'title')));
  const text = plain(textOf(child(el, 'description', 'content:encoded')));
  const url = textOf(child(el, 'link')).trim() || null;
  const guid = textOf(child(el, 'guid')).trim();
  if (title === '' && text === '') return null;
  return { key: guid || url || title, title, text, url, publishedAt: time(textOf(child(el, 'pubdate', 'dc:date'))) };
}

function atomEntry(el: LiteElement): FeedItem | null {
  const title = plain(textOf(child(el, 'title')));
  const text = plain(textOf(child(el, 'content').length > 0 ? child(el, 'content') : child(el, 'summary')));
  const links = el.children.filter((c): c is LiteElement => c.type === 'tag' && c.name.toLowerCase() === 'link');
  const link = links.find((l) => (l.attribs.rel ?? 'alternate') === 'alternate') ?? links[0];
  const url = link?.attribs.href ?? null;
  const id = textOf(child(el, 'id')).trim();
  if (title === '' && text === '') return null;
  const published = child(el, 'published');
  return {
    key: id || url || title,
    title,
    text,
    url,
    publishedAt: time(textOf(published.length > 0 ? published : child(el, 'updated'))),
  };
}

/** Every `<item>` and `<entry>` in document order, iteratively. */
function itemElements(root: LiteElement): LiteElement[] {
  const out: LiteElement[] = [];
  const stack: LiteNode[] = [...root.children].reverse();
  while (stack.length > 0) {
    const n = stack.pop() as LiteNode;
    if (n.type === 'text') continue;
    const name = n.name.toLowerCase();
    if (name === 'item' || name === 'entry') out.push(n);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as LiteNode);
  }
  return out;
}

/** RSS 2.0 (`<item>`) or Atom (`<entry>`). Linear in the document, `MAX_FEED_ITEMS` items at most. */
export function parseXmlFeed(xml: string): ParsedFeed {
  const found = itemElements(parseLite(xml, undefined, undefined, { xmlMode: true }));
  const items: FeedItem[] = [];
  let skipped = Math.max(0, found.length - MAX_FEED_ITEMS);
  for (const el of found.slice(0, MAX_FEED_ITEMS)) {
    const item = el.name.toLowerCase() === 'item' ? rssItem(el) : atomEntry(el);
    if (item) items.push(item);
    else skipped += 1;
  }
  return { items, skipped };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** A JSON Feed (`{ items: [...] }`, version 1.x) or a bare array of `{ id, title, text|content_text|content_html|summary, url, date_published|date }`. */
export function parseJsonFeed(json: string): ParsedFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (error) {
    throw new Error(`not JSON: ${(error as Error).message}`, { cause: error });
  }
  const list = Array.isArray(doc)
    ? doc
    : typeof doc === 'object' && doc !== null && Array.isArray((doc as { items?: unknown }).items)
      ? (doc as { items: unknown[] }).items
      : null;
  if (list === null) throw new Error('expected a JSON Feed ({ "items": [...] }) or an array of items');
  const items: FeedItem[] = [];
  let skipped = 0;
  for (const raw of list) {
    if (typeof raw !== 'object' || raw === null) {
      skipped += 1;
      continue;
    }
    const r = raw as Record<string, unknown>;
    const title = plain(str(r['title']));
    const text = plain(
      str(r['content_text']) || str(r['text']) || str(r['summary']) || str(r['content_html']) || str(r['content']),
    );
    if (title === '' && text === '') {
      skipped += 1;
      continue;
    }
    const url = str(r['url']) || null;
    items.push({
      key: str(r['id']) || url || title,
      title,
      text,
      url,
      publishedAt: time(str(r['date_published']) || str(r['date']) || undefined),
    });
  }
  return { items, skipped };
}
