import type { DemoSiteSpec } from './demo-spec.ts';
import { hashString, seededHex } from './seeded.ts';
import { NEWS_CATEGORIES, NEWS_TITLE_TEMPLATES } from './text-pools.ts';

/**
 * Benign change driven by the tick, the kind a monitor must learn to ignore: the news listing gains a dated
 * item every few ticks, and the visitor counter, the form token and the cache-busting asset hash change every tick.
 * No clock: dates are counted from a fixed day, so a tick always renders the same.
 */

export const NEWS_ITEMS_AT_START = 12;
export const TICKS_PER_NEWS_ITEM = 3;
export const NEWS_LISTING_SIZE = 20;

const FIRST_NEWS_DAY = Date.UTC(2026, 0, 6);
const DAY_MS = 86_400_000;

export interface NewsItem {
  index: number;
  /** `YYYY-MM-DD`. */
  date: string;
  title: string;
  category: string;
  path: string;
}

export function newsCount(tick: number): number {
  return NEWS_ITEMS_AT_START + Math.floor(Math.max(0, tick) / TICKS_PER_NEWS_ITEM);
}

export function newsItem(site: DemoSiteSpec, index: number): NewsItem {
  const day = new Date(FIRST_NEWS_DAY + index * 2 * DAY_MS);
  const date = day.toISOString().slice(0, 10);
  const seed = hashString(`${site.key}:news`);
  const topics = site.newsTopics;
  const topic = topics[(index * 5 + seed) % topics.length] ?? '';
  const template = NEWS_TITLE_TEMPLATES[(index * 3 + seed) % NEWS_TITLE_TEMPLATES.length] ?? '{topic}';
  const title = template.replace('{topic}', topic).replace('{n}', String(Math.floor(index / topics.length) + 1));
  const category = NEWS_CATEGORIES[(index + seed) % NEWS_CATEGORIES.length] ?? '';
  const path = `/news/${date.slice(0, 4)}/${date.slice(5, 7)}${date.slice(8, 10)}_${String(index).padStart(3, '0')}.html`;
  return { index, date, title, category, path };
}

/** The newest `limit` items at `tick`, newest first. */
export function latestNews(site: DemoSiteSpec, tick: number, limit: number): NewsItem[] {
  const count = newsCount(tick);
  const items: NewsItem[] = [];
  for (let index = count - 1; index >= 0 && items.length < limit; index -= 1) items.push(newsItem(site, index));
  return items;
}

/** A news item page that exists at `tick`, or null: items appear as the listing grows. */
export function findNewsItem(site: DemoSiteSpec, tick: number, path: string): NewsItem | null {
  const index = Number(/_(\d+)\.html$/.exec(path)?.[1]);
  if (!Number.isInteger(index) || index >= newsCount(tick)) return null;
  const item = newsItem(site, index);
  return item.path === path ? item : null;
}

export function visitorCount(siteKey: string, tick: number): number {
  return 1_200_000 + (hashString(siteKey) % 500_000) + Math.max(0, tick) * 137;
}

/** A CSRF-style token that a CMS re-issues on every response. */
export function formToken(siteKey: string, path: string, tick: number): string {
  return seededHex(`${siteKey}${path}#token${tick}`, 40);
}

/** The cache-busting hash in asset URLs, changing with every deploy (here: every tick). */
export function assetVersion(siteKey: string, tick: number): string {
  return seededHex(`${siteKey}#assets${tick}`, 10);
}

/** `2026-04-01` → `2026年4月1日`, or `April 1, 2026` for English pages. */
export function formatDate(date: string, lang: 'ja' | 'en'): string {
  const [year, month, day] = date.split('-').map(Number);
  if (lang === 'ja') return `${year}年${month}月${day}日`;
  const months = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ];
  return `${months[(month ?? 1) - 1]} ${day}, ${year}`;
}
