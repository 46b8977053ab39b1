import { parseSitemap } from './sitemap.ts';
import type { ImportParse } from './types.ts';
import { parseUrlList } from './url-list.ts';
import { parseUrlwatch } from './urlwatch.ts';

export type ImportFormat = 'url-list' | 'sitemap' | 'urlwatch';

export const IMPORT_FORMATS: readonly ImportFormat[] = ['url-list', 'sitemap', 'urlwatch'];

/** A top-level urlwatch job key at the start of a line; plain URL lines start with a scheme, never with these. */
const URLWATCH_KEY = /^(?:url|navigate|command)[ \t]*:(?:[ \t]|$)/m;

/**
 * Chooses a parser from the content alone (the file name or Content-Type of a download is often wrong):
 * markup → sitemap (whose parser says plainly when the root is not `<urlset>`/`<sitemapindex>`, which beats
 * reporting every line of an HTML page as a malformed URL); urlwatch job keys → urlwatch; else a URL list.
 */
export function detectImportFormat(text: string): ImportFormat {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('<')) return 'sitemap';
  if (URLWATCH_KEY.test(start)) return 'urlwatch';
  return 'url-list';
}

export interface ParseImportOptions {
  /** Skips detection, for when the user named the format. */
  format?: ImportFormat;
}

export function parseImport(text: string, options: ParseImportOptions = {}): ImportParse & { format: ImportFormat } {
  const format = options.format ?? detectImportFormat(text);
  return { format, ...parserFor(format)(text) };
}

function parserFor(format: ImportFormat): (text: string) => ImportParse {
  switch (format) {
    case 'sitemap':
      return (text) => parseSitemap(text);
    case 'urlwatch':
      return parseUrlwatch;
    case 'url-list':
      return parseUrlList;
  }
}
