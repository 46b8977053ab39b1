import { ImportCollector } from './collector.ts';
import type { ImportParse } from './types.ts';

/**
 * A plain list of URLs, one per line (also urlwatch's old `urls.txt`). `#` starts a comment line;
 * a `#` inside a URL is a fragment, so comments are whole lines only.
 */
export function parseUrlList(text: string): ImportParse {
  const collector = new ImportCollector();
  const lines = stripBom(text).split(/\r\n|\r|\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    collector.addTarget(line, { line: index + 1 });
  });
  return collector.result();
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
