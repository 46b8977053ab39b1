/**
 * What the import parsers produce. Parsers are pure and never throw on bad input: everything they could not
 * import becomes a problem, so one bad line never loses the rest of a user's watch list.
 */

/** One page to watch, normalised (see `normalizeTargetUrl`). */
export interface ImportedTarget {
  url: string;
  name?: string;
  intervalSeconds?: number;
  /** 1-based line in the imported text where the target was found. */
  line?: number;
}

/**
 * `ignored` is a warning, not a skip: the target was imported, but part of what the input asked for
 * (a urlwatch `filter:`) is not applied.
 */
export type ImportProblemKind = 'malformed' | 'duplicate' | 'unsupported' | 'ignored';

export interface ImportProblem {
  /** 1-based line in the imported text, when it can be told. */
  line?: number;
  /** The offending input as written (a line, a `<loc>` value, a job's url or command). */
  input: string;
  message: string;
  kind: ImportProblemKind;
}

export interface ImportParse {
  targets: ImportedTarget[];
  problems: ImportProblem[];
  /** Nested sitemap URLs to fetch next, from a sitemap index. */
  sitemaps: string[];
}
