import { LineCounter, isMap, isScalar, parseAllDocuments } from 'yaml';
import type { Document, YAMLMap } from 'yaml';
import { ImportCollector } from './collector.ts';
import type { ImportParse } from './types.ts';

/**
 * urlwatch's `urls.yaml`: one job per YAML document (`---` between them). `url:` jobs (and old browser jobs,
 * whose address is `navigate:`) become targets with their `name:`. Filters, `max_tries` and the like are
 * urlwatch's own change handling and are dropped: Mamori analyses the whole page itself.
 * Problems name the document number, because that is how a user finds a job in a long file.
 */
export function parseUrlwatch(text: string): ImportParse {
  const collector = new ImportCollector();
  readUrlwatchDocuments(collector, text, { firstDocument: 1, lineOffset: 0 });
  return collector.result();
}

/** Where a piece of a urls.yaml sits in the whole file, for a stream read one document at a time. */
export interface UrlwatchPosition {
  /** Number of the piece's first document in the file (1-based). */
  firstDocument: number;
  /** Lines of the file before the piece. */
  lineOffset: number;
}

/** Reads the jobs of a piece of a urls.yaml into `collector`; returns how many documents it held. */
export function readUrlwatchDocuments(collector: ImportCollector, text: string, at: UrlwatchPosition): number {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter });
  const lineOf = (offset: number): number => lineCounter.linePos(offset).line + at.lineOffset;
  documents.forEach((document, index) => {
    readJob(collector, document, { number: at.firstDocument + index, lineOf, lineOffset: at.lineOffset });
  });
  return documents.length;
}

interface JobContext {
  number: number;
  lineOf: (offset: number) => number;
  lineOffset: number;
}

function readJob(collector: ImportCollector, document: Document.Parsed, context: JobContext): void {
  const { number, lineOf } = context;
  const job = document.contents;
  // The job's first key, not the `---` before it, is where a user looks.
  const docLine = lineOf(job?.range?.[0] ?? document.range[0]);
  const error = document.errors[0];
  if (error !== undefined) {
    const line = error.linePos !== undefined ? error.linePos[0].line + context.lineOffset : docLine;
    collector.problem(
      'malformed',
      `document ${number}`,
      `document ${number}: invalid YAML: ${firstLine(error.message)}`,
      line,
    );
    return;
  }
  // An empty document, e.g. after a trailing `---`, parses as nothing or as a null scalar.
  if (job === null || (isScalar(job) && job.value === null)) return;
  if (!isMap(job)) {
    collector.problem(
      'malformed',
      `document ${number}`,
      `document ${number}: a job must be a mapping with url: or command:`,
      docLine,
    );
    return;
  }
  const field = (key: string): ScalarField | null => scalarField(job, key, lineOf);
  const address = field('url') ?? field('navigate');
  const command = field('command');
  if (address === null) {
    const message =
      command === null
        ? 'job has no url:, navigate: or command:'
        : 'shell command jobs (command:) cannot be imported: Mamori watches web pages';
    collector.problem(
      command === null ? 'malformed' : 'unsupported',
      command?.value ?? `document ${number}`,
      `document ${number}: ${message}`,
      command?.line ?? docLine,
    );
    return;
  }
  if (job.has('data') || isPost(field('method'))) {
    const message = `document ${number}: jobs that POST (method:/data:) are not supported: Mamori only GETs pages`;
    collector.problem('unsupported', address.value, message, address.line);
    return;
  }
  const name = field('name')?.value;
  collector.addTarget(address.value, name === undefined ? { line: address.line } : { line: address.line, name });
  for (const key of FILTER_KEYS) {
    const pair = job.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (pair === undefined) continue;
    const keyNode = pair.key as { range?: [number, number, number] | null };
    const written = summarise((job.toJSON() as Record<string, unknown>)[key]);
    collector.problem(
      'ignored',
      address.value,
      `document ${number}: ${key}: ${written} is not applied (the page is imported and watched whole: Mamori's detectors and the page's learnt baseline take the place of urlwatch filters)`,
      lineOf(keyNode.range?.[0] ?? job.range?.[0] ?? 0),
    );
  }
}

/** urlwatch keys that narrow what a job reports; Mamori cannot honour them. */
const FILTER_KEYS = ['filter', 'diff_filter'] as const;

/** A filter as written, on one short line (a string, or a list of filter steps). */
function summarise(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  return `“${flat.length > 80 ? `${flat.slice(0, 79)}…` : flat}”`;
}

interface ScalarField {
  value: string;
  line: number;
}

/** A scalar value as text with its line; numbers and booleans (a `name: 2024`) are taken as written. */
function scalarField(job: YAMLMap, key: string, lineOf: (offset: number) => number): ScalarField | null {
  const node = job.get(key, true);
  if (!isScalar(node) || node.value === null || node.value === undefined) return null;
  const value = node.value;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return null;
  const offset = node.range?.[0] ?? 0;
  return { value: String(value), line: lineOf(offset) };
}

function isPost(method: ScalarField | null): boolean {
  return method !== null && method.value.toUpperCase() !== 'GET';
}

/** The parser's first line, without its own "at line L, column C": the problem carries the file's line. */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}
