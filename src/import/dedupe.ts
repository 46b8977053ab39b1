import type { ImportParse, ImportProblem, ImportedTarget } from './types.ts';

export interface DedupeOptions {
  /** Normalised URLs already being watched: importing them again is reported, not repeated. */
  existing?: Iterable<string>;
}

export interface DedupeResult {
  targets: ImportedTarget[];
  problems: ImportProblem[];
}

/**
 * De-duplicates targets across a whole import (a sitemap index and its sitemaps, or a file against what is
 * already watched). Parsers have already normalised URLs, so equal strings are the same page. First wins,
 * so a name from the earlier entry is kept.
 */
export function dedupeTargets(targets: readonly ImportedTarget[], options: DedupeOptions = {}): DedupeResult {
  const existing = new Set(options.existing ?? []);
  const seen = new Set<string>();
  const kept: ImportedTarget[] = [];
  const problems: ImportProblem[] = [];
  for (const target of targets) {
    const reason = existing.has(target.url) ? 'already watched' : seen.has(target.url) ? 'already imported' : null;
    if (reason === null) {
      seen.add(target.url);
      kept.push(target);
      continue;
    }
    const problem: ImportProblem = {
      input: target.url,
      message: `duplicate: ${target.url} is ${reason}`,
      kind: 'duplicate',
    };
    if (target.line !== undefined) problem.line = target.line;
    problems.push(problem);
  }
  return { targets: kept, problems };
}

/** Joins several parses of one import into one, keeping every problem and de-duplicating targets and sitemaps. */
export function mergeImports(parts: readonly ImportParse[], options: DedupeOptions = {}): ImportParse {
  const deduped = dedupeTargets(
    parts.flatMap((part) => part.targets),
    options,
  );
  const sitemaps = [...new Set(parts.flatMap((part) => part.sitemaps))];
  return {
    targets: deduped.targets,
    problems: [...parts.flatMap((part) => part.problems), ...deduped.problems],
    sitemaps,
  };
}
