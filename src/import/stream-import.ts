/**
 * Import sources read as a stream, a piece at a time, so memory follows the targets taken (capped by
 * `import.maxTargets`) and never the size of the file: a 100 MB list costs what its first
 * maxTargets URLs cost. Each format has a sink that takes pieces of text; the format is chosen from
 * the first piece, as `detectImportFormat` does for a whole text.
 */
import { createReadStream } from 'node:fs';
import { ImportCollector } from './collector.ts';
import { detectImportFormat, type ImportFormat } from './detect-format.ts';
import { SITEMAP_MAX_URLS, SitemapStreamParser } from './sitemap.ts';
import type { ImportParse } from './types.ts';
import { readUrlwatchDocuments } from './urlwatch.ts';

/** Problems kept per file; the rest are counted in one line (a file of garbage must not fill memory). */
export const MAX_PROBLEMS_KEPT = 1000;
/** A line longer than this is no URL anyone watches: it is reported and skipped, never held whole. */
export const MAX_LINE_CHARS = 8192;
/** One urlwatch job larger than this is reported and skipped. */
export const MAX_URLWATCH_DOCUMENT_CHARS = 1024 * 1024;
/** Text looked at to choose the format. */
const HEAD_CHARS = 4096;

export interface StreamImportOptions {
  format?: ImportFormat;
  /** Targets taken at most; reading stops once they are. */
  maxTargets: number;
}

export type StreamImportResult = ImportParse & { format: ImportFormat };

interface Sink {
  /** False once the sink wants no more text (the cap is reached). */
  write(piece: string): boolean;
  end(): ImportParse;
}

/** A file as pieces of UTF-8 text (a multi-byte character is never split between two pieces). */
export function fileText(path: string): AsyncIterable<string> {
  return createReadStream(path, { encoding: 'utf8', highWaterMark: 64 * 1024 }) as AsyncIterable<string>;
}

export async function parseImportStream(
  pieces: AsyncIterable<string> | Iterable<string>,
  options: StreamImportOptions,
): Promise<StreamImportResult> {
  let head = '';
  let sink: Sink | null = null;
  let format: ImportFormat = options.format ?? 'url-list';
  const open = (text: string): Sink => {
    format = options.format ?? detectImportFormat(text);
    return sinkFor(format, options.maxTargets);
  };
  for await (const piece of pieces) {
    if (sink === null) {
      head += piece;
      if (head.length < HEAD_CHARS) continue;
      sink = open(head);
      if (!sink.write(head)) break;
      continue;
    }
    if (!sink.write(piece)) break;
  }
  if (sink === null) {
    sink = open(head);
    sink.write(head);
  }
  return { format, ...sink.end() };
}

function sinkFor(format: ImportFormat, maxTargets: number): Sink {
  switch (format) {
    case 'url-list':
      return urlListSink(maxTargets);
    case 'sitemap':
      return sitemapSink(maxTargets);
    case 'urlwatch':
      return urlwatchSink(maxTargets);
  }
}

/**
 * Splits pieces into lines (\n, \r\n or \r, even across pieces); a line over MAX_LINE_CHARS is
 * handed on as `null` once, with its number, and its text is dropped as it arrives.
 */
export class LineSplitter {
  #carry = '';
  #overlong = false;
  #line = 0;
  #first = true;

  constructor(private readonly onLine: (text: string | null, line: number) => boolean) {}

  /** False when `onLine` asked to stop. */
  write(piece: string): boolean {
    let text = this.#carry + piece;
    if (this.#first && text.length > 0) {
      this.#first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const pattern = /\r\n|\r|\n/g;
    let start = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      // A \r at the very end may be the first half of a \r\n in the next piece.
      if (m[0] === '\r' && m.index === text.length - 1) break;
      if (!this.#emit(text.slice(start, m.index))) return false;
      start = m.index + m[0].length;
    }
    this.#carry = text.slice(start);
    if (this.#carry.length > MAX_LINE_CHARS) {
      this.#overlong = true;
      this.#carry = '';
    }
    return true;
  }

  end(): void {
    if (this.#carry !== '' || this.#overlong) this.#emit(this.#carry);
    this.#carry = '';
  }

  #emit(text: string): boolean {
    this.#line += 1;
    const overlong = this.#overlong || text.length > MAX_LINE_CHARS;
    this.#overlong = false;
    return this.onLine(overlong ? null : text, this.#line);
  }
}

function capProblem(collector: ImportCollector, maxTargets: number, line?: number): void {
  const message = `stopped at the limit of ${maxTargets} targets per import (import.maxTargets); the rest was not read`;
  collector.problem('unsupported', `${maxTargets} targets`, message, line);
}

function urlListSink(maxTargets: number): Sink {
  const collector = new ImportCollector(MAX_PROBLEMS_KEPT);
  let capped = false;
  const splitter = new LineSplitter((raw, line) => {
    if (raw === null) {
      collector.problem('malformed', `line ${line}`, `line ${line} is longer than ${MAX_LINE_CHARS} characters`, line);
      return true;
    }
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) return true;
    if (collector.targetCount >= maxTargets) {
      capped = true;
      capProblem(collector, maxTargets, line);
      return false;
    }
    collector.addTarget(text, { line });
    return true;
  });
  return {
    write: (piece) => splitter.write(piece),
    end: () => {
      if (!capped) splitter.end();
      return collector.result();
    },
  };
}

function sitemapSink(maxTargets: number): Sink {
  const parser = new SitemapStreamParser({
    maxUrls: Math.min(SITEMAP_MAX_URLS, maxTargets),
    maxProblems: MAX_PROBLEMS_KEPT,
  });
  return {
    write: (piece) => {
      parser.write(piece);
      return true;
    },
    end: () => parser.end(),
  };
}

/** One YAML document at a time: a `---` line starts the next. */
function urlwatchSink(maxTargets: number): Sink {
  const collector = new ImportCollector(MAX_PROBLEMS_KEPT);
  let lines: string[] = [];
  let size = 0;
  let firstLine = 1;
  let documents = 0;
  let inDocument = false;
  let skipping = false;
  const flush = (): void => {
    if (skipping) {
      documents += 1;
      collector.problem(
        'malformed',
        `document ${documents}`,
        `document ${documents} is larger than ${MAX_URLWATCH_DOCUMENT_CHARS} characters`,
        firstLine,
      );
    } else if (lines.some((l) => l.trim() !== '')) {
      documents += readUrlwatchDocuments(collector, lines.join('\n'), {
        firstDocument: documents + 1,
        lineOffset: firstLine - 1,
      });
    }
    lines = [];
    size = 0;
    inDocument = false;
    skipping = false;
  };
  const splitter = new LineSplitter((raw, line) => {
    if (raw !== null && /^---(?:\s|$)/.test(raw) && inDocument) {
      flush();
      if (collector.targetCount >= maxTargets) {
        capProblem(collector, maxTargets, line);
        return false;
      }
    }
    if (!inDocument) {
      inDocument = true;
      firstLine = line;
    }
    if (skipping) return true;
    size += (raw?.length ?? MAX_LINE_CHARS) + 1;
    if (raw === null || size > MAX_URLWATCH_DOCUMENT_CHARS) {
      skipping = true;
      lines = [];
      return true;
    }
    lines.push(raw);
    return true;
  });
  return {
    write: (piece) => splitter.write(piece),
    end: () => {
      splitter.end();
      if (inDocument) flush();
      const result = collector.result();
      return result.targets.length > maxTargets ? { ...result, targets: result.targets.slice(0, maxTargets) } : result;
    },
  };
}
