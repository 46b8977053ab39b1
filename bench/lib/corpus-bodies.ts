/**
 * Every distinct HTML body of labelled corpora (history and current of each case), decoded as the
 * fetcher decodes them. Read at run time from the corpus folders, never copied into the project.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readCorpora } from '../../src/evaluation/corpora.ts';
import { decodeHtml } from '../../src/fetch/decode.ts';

export interface CorpusBody {
  /** The file the body was read from, to name it in a report. */
  file: string;
  html: string;
}

export function corpusBodies(dirs: string[]): CorpusBody[] {
  const read = readCorpora(dirs);
  if (!read.ok) throw new Error(read.message);
  const seen = new Set<string>();
  const bodies: CorpusBody[] = [];
  for (const c of read.cases)
    for (const file of [...c.history, c.current]) {
      const bytes = readFileSync(file);
      const digest = createHash('sha256').update(bytes).digest('hex');
      if (seen.has(digest)) continue;
      seen.add(digest);
      bodies.push({ file, html: decodeHtml(bytes, c.contentType).text });
    }
  return bodies;
}

/** The corpus folders named on the command line (not flags or their values), or the defaults. */
export function corpusArgs(argv: string[], defaults: string[]): string[] {
  const positional = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && argv[i - 1]?.startsWith('--')));
  return positional.length > 0 ? positional : defaults;
}
