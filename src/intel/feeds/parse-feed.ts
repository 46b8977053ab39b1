/**
 * Feed items out of RSS 2.0, Atom and JSON documents. Pure and forgiving: a feed is someone else's
 * file, so a malformed item is skipped (and counted) rather than failing the whole feed.
 */
import { parseDocument } from 'htmlparser2';
import { findAll, getAttributeValue, textContent } from 'domutils';
import { isTag, type Element } from 'domhandler';

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

/** Markup inside a description (RSS often carries escaped HTML) as plain text. */
function plain(html: string): string {
  const text = /[<&]/.test(html) ? textContent(parseDocument(html).children) : html;
  return text.replace(/\s+/g, ' ').trim();
}

function child(el: Element, ...names: string[]): Element | undefined {
  return el.children.find((c): c is Element => isTag(c) && names.includes(c.name.toLowerCase()));
}

function time(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  const t = Date.parse(value.trim());
  return Number.isNaN(t) ? null : t;
}

function rssItem(el: Element): FeedItem | null {
  const title = plain(textContent(child(el, 'title') ?? []));
  const text = plain(textContent(child(el, 'description', 'content:encoded') ?? []));
  const url = textContent(child(el, 'link') ?? []).trim() || null;
  const guid = textContent(child(el, 'guid') ?? []).trim();
  if (title === '' && text === '') return null;
  return { key: guid || url || title, title, text, url, publishedAt: time(textContent(child(el, 'pubdate', 'dc:date') ?? [])) };
}

function atomEntry(el: Element): FeedItem | null {
  const title = plain(textContent(child(el, 'title') ?? []));
  const text = plain(textContent(child(el, 'content') ?? child(el, 'summary') ?? []));
  const links = el.children.filter((c): c is Element => isTag(c) && c.name.toLowerCase() === 'link');
  const link = links.find((l) => (getAttributeValue(l, 'rel') ?? 'alternate') === 'alternate') ?? links[0];
  const url = (link && getAttributeValue(link, 'href')) ?? null;
  const id = textContent(child(el, 'id') ?? []).trim();
  if (title === '' && text === '') return null;
  return { key: id || url || title, title, text, url, publishedAt: time(textContent(child(el, 'published') ?? child(el, 'updated') ?? [])) };
}

/** RSS 2.0 (`<item>`) or Atom (`<entry>`). */
export function parseXmlFeed(xml: string): ParsedFeed {
  const doc = parseDocument(xml, { xmlMode: true });
  const items: FeedItem[] = [];
  let skipped = 0;
  for (const el of findAll((e) => ['item', 'entry'].includes(e.name.toLowerCase()), doc.children)) {
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
  const list = Array.isArray(doc) ? doc : typeof doc === 'object' && doc !== null && Array.isArray((doc as { items?: unknown }).items) ? (doc as { items: unknown[] }).items : null;
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
    const text = plain(str(r['content_text']) || str(r['text']) || str(r['summary']) || str(r['content_html']) || str(r['content']));
    if (title === '' && text === '') {
      skipped += 1;
      continue;
    }
    const url = str(r['url']) || null;
    items.push({ key: str(r['id']) || url || title, title, text, url, publishedAt: time(str(r['date_published']) || str(r['date']) || undefined) });
  }
  return { items, skipped };
}
