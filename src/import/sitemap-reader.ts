import type { Fetcher } from '../fetch/types.ts';
import { parseSitemap, SITEMAP_MAX_URLS } from './sitemap.ts';
import type { ImportParse, ImportProblem } from './types.ts';

export type TextRead = { ok: true; text: string } | { ok: false; message: string };

/** A text document (sitemap, watch list) over HTTP, with the SSRF guard and limits of every fetch. */
export async function fetchText(fetcher: Fetcher, url: string): Promise<TextRead> {
  const result = await fetcher.fetch({ url, accept: 'text' });
  if (!result.ok) return { ok: false, message: `cannot fetch ${url}: ${result.failure.message}` };
  return { ok: true, text: result.page.text };
}

export interface SitemapTreeOptions {
  /** Sitemaps read at most. */
  max: number;
  /** Levels of sitemap indexes followed below the given URLs (1: only those). */
  depth: number;
  /** Targets taken across the whole tree at most (default: unlimited); no sitemap is read past it. */
  maxTargets?: number;
}

export interface SitemapTree {
  parses: ImportParse[];
  problems: ImportProblem[];
  read: number;
}

/**
 * Read nested sitemaps breadth first, each once, up to `max` sitemaps, `depth` levels and `maxTargets`
 * targets in all (so a tree of indexes cannot add millions of pages in one go). An unreadable sitemap
 * is a problem in the result, never an exception.
 */
export async function readSitemapTree(
  fetcher: Fetcher,
  start: string[],
  options: SitemapTreeOptions,
): Promise<SitemapTree> {
  const parses: ImportParse[] = [];
  const problems: ImportProblem[] = [];
  const seen = new Set<string>();
  let remaining = options.maxTargets ?? Number.POSITIVE_INFINITY;
  let level = [...start];
  for (let depth = 0; depth < options.depth && level.length > 0; depth++) {
    const next: string[] = [];
    for (const url of level) {
      if (seen.has(url)) continue;
      if (remaining <= 0) {
        const message = `stopped at the limit of ${options.maxTargets} targets per import (import.maxTargets); this sitemap and the rest were not read`;
        problems.push({ input: url, message, kind: 'unsupported' });
        return { parses, problems, read: seen.size };
      }
      if (seen.size >= options.max) {
        problems.push({
          input: url,
          message: `stopped after ${options.max} sitemaps; the rest were not read`,
          kind: 'unsupported',
        });
        return { parses, problems, read: seen.size };
      }
      seen.add(url);
      const text = await fetchText(fetcher, url);
      if (!text.ok) {
        problems.push({ input: url, message: text.message, kind: 'unsupported' });
        continue;
      }
      const parse = parseSitemap(text.text, { maxUrls: Math.min(SITEMAP_MAX_URLS, remaining) });
      remaining -= parse.targets.length;
      parses.push(parse);
      next.push(...parse.sitemaps);
    }
    level = next;
  }
  return { parses, problems, read: seen.size };
}
