import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import { type Diagnostic, type PathSegment } from './diagnostic.ts';
import { isPlainObject } from './merge.ts';

export interface FileLayer {
  /** Whether the file existed and was read. */
  found: boolean;
  /** The parsed mapping; `{}` when absent, unreadable or not valid YAML (its other keys still get validated). */
  values: Record<string, unknown>;
  problems: Diagnostic[];
  warnings: Diagnostic[];
  /** `file:line:column` of the YAML node at a config path, when it exists in the file. */
  locate: (segments: readonly PathSegment[]) => string | undefined;
}

const nowhere = (): undefined => undefined;

/** `"Map keys must be unique at line 2, column 1:\n\n<excerpt>"` → `Map keys must be unique`; the position goes in `location`. */
function yamlProblem(error: YAMLError, display: string): Diagnostic {
  const firstLine = error.message.split('\n')[0] ?? error.message;
  const message = firstLine.replace(/ at line \d+, column \d+:?$/, '');
  const at = error.linePos?.[0];
  return {
    path: display,
    message: `YAML ${message}`,
    source: 'file',
    ...(at ? { location: `${display}:${at.line}:${at.col}` } : {}),
  };
}

/** Finds the node for a path; for a mapping entry points at its key, so "unknown key" lands on the typo itself. */
function locator(doc: Document, lines: LineCounter, display: string): FileLayer['locate'] {
  return (segments) => {
    let node: unknown = doc.contents;
    let offset: number | undefined = isMap(node) || isSeq(node) ? node.range?.[0] : undefined;
    for (const segment of segments) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        if (pair === undefined) break;
        offset = isScalar(pair.key) ? pair.key.range?.[0] : offset;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item: unknown = node.items[segment];
        if (item === undefined) break;
        offset = isScalar(item) || isMap(item) || isSeq(item) ? (item.range?.[0] ?? offset) : offset;
        node = item;
      } else {
        break;
      }
    }
    if (offset === undefined) return undefined;
    const { line, col } = lines.linePos(offset);
    return `${display}:${line}:${col}`;
  };
}

/**
 * Reads and parses the config file. A missing file is a warning when it was only the default
 * location, and a problem when the user named it (a typo in --config must not silently mean "defaults").
 */
export function readConfigFile(file: string, display: string, explicit: boolean): FileLayer {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !explicit) {
      const warning: Diagnostic = {
        path: display,
        message: 'no config file here; using built-in defaults and environment variables',
        source: 'file',
      };
      return { found: false, values: {}, problems: [], warnings: [warning], locate: nowhere };
    }
    const message = code === 'ENOENT' ? 'config file not found' : `cannot read config file (${code ?? String(error)})`;
    return {
      found: false,
      values: {},
      problems: [{ path: display, message, source: 'file' }],
      warnings: [],
      locate: nowhere,
    };
  }

  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const warnings = doc.warnings.map((warning) => ({ ...yamlProblem(warning, display), source: 'file' as const }));
  if (doc.errors.length > 0) {
    return {
      found: true,
      values: {},
      problems: doc.errors.map((error) => yamlProblem(error, display)),
      warnings,
      locate: nowhere,
    };
  }
  let values: unknown;
  try {
    values = doc.toJS();
  } catch (error) {
    // e.g. the alias-count guard against "billion laughs" expansion.
    const problem: Diagnostic = { path: display, message: `YAML ${(error as Error).message}`, source: 'file' };
    return { found: true, values: {}, problems: [problem], warnings, locate: nowhere };
  }
  const locate = locator(doc, lines, display);
  // An empty file (or one with only comments) is a valid "all defaults" config.
  if (values === null || values === undefined) return { found: true, values: {}, problems: [], warnings, locate };
  if (!isPlainObject(values)) {
    const problem: Diagnostic = {
      path: '(root)',
      message: 'the config file must be a YAML mapping of keys (e.g. "server:")',
      source: 'file',
      location: `${display}:1:1`,
    };
    return { found: true, values: {}, problems: [problem], warnings, locate };
  }
  return { found: true, values, problems: [], warnings, locate };
}
