/** One read of one configured feed: over HTTP (SSRF-guarded, size-limited like every fetch) or from a folder. */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Fetcher } from '../../fetch/types.ts';
import type { FeedConfig } from '../../config/intel.ts';
import { parseJsonFeed, parseXmlFeed, type FeedItem, type ParsedFeed } from './parse-feed.ts';

export type FeedRead = { ok: true; feed: ParsedFeed } | { ok: false; message: string };

/** Files larger than this in a folder feed are skipped: an announcement is a page of text, not a dump. */
const MAX_FILE_BYTES = 1024 * 1024;

/**
 * A folder of `.txt`/`.md` files, one announcement each: the first non-empty line is the title.
 * The key is the file's name and content hash, so an edited file is read again.
 */
export async function readFolder(folder: string): Promise<FeedRead> {
  let names: string[];
  try {
    names = (await readdir(folder)).filter((n) => /\.(txt|md)$/i.test(n)).sort();
  } catch (error) {
    return { ok: false, message: `cannot read folder ${folder}: ${(error as Error).message}` };
  }
  const items: FeedItem[] = [];
  let skipped = 0;
  for (const name of names) {
    const path = join(folder, name);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile() || info.size > MAX_FILE_BYTES) {
      skipped += 1;
      continue;
    }
    const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
    const lines = text.split(/\r?\n/);
    const at = lines.findIndex((l) => l.trim() !== '');
    if (at === -1) {
      skipped += 1;
      continue;
    }
    const sha = createHash('sha256').update(text).digest('hex').slice(0, 16);
    items.push({
      key: `${name}#${sha}`,
      title: (lines[at] ?? '').trim(),
      text: lines
        .slice(at + 1)
        .join('\n')
        .trim(),
      url: null,
      publishedAt: info.mtimeMs,
    });
  }
  return { ok: true, feed: { items, skipped } };
}

export async function readFeed(feed: FeedConfig, fetcher: Fetcher): Promise<FeedRead> {
  if (feed.format === 'folder') return readFolder(feed.folder ?? '');
  const url = feed.url ?? '';
  const result = await fetcher.fetch({ url, accept: 'text' });
  if (!result.ok) return { ok: false, message: `cannot fetch ${url}: ${result.failure.message}` };
  try {
    return {
      ok: true,
      feed: feed.format === 'json' ? parseJsonFeed(result.page.text) : parseXmlFeed(result.page.text),
    };
  } catch (error) {
    return { ok: false, message: `cannot read ${url} as a ${feed.format} feed: ${(error as Error).message}` };
  }
}
