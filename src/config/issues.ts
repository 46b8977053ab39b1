import { type z } from 'zod';
import { formatPath, type Diagnostic, type PathSegment } from './diagnostic.ts';
import { knownKeysAt } from './keys.ts';
import { layerHas } from './merge.ts';
import { closestMatch } from './suggest.ts';

/** What turning a schema issue into a diagnostic needs to know about the layers that were merged. */
export interface Attribution {
  overrides: unknown;
  env: unknown;
  /** Config key path → variable that set it. */
  envSetBy: ReadonlyMap<string, string>;
  locateInFile: (segments: readonly PathSegment[]) => string | undefined;
}

interface FlatIssue {
  path: PathSegment[];
  message: string;
}

const toSegments = (path: readonly PropertyKey[]): PathSegment[] =>
  path.map((p) => (typeof p === 'number' ? p : String(p)));

/**
 * Flattens zod issues into one entry per problem:
 * - an unrecognised-keys issue becomes one entry per key, at that key's path, with a "did you mean";
 * - a union failure (a page is a URL string or an object) reports the branch whose type matched,
 *   instead of zod's generic "Invalid input".
 */
function flatten(issues: readonly z.core.$ZodIssue[], prefix: PathSegment[]): FlatIssue[] {
  const out: FlatIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...toSegments(issue.path)];
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(path);
      for (const key of issue.keys) {
        const guess = closestMatch(key, known);
        const hint =
          guess !== null
            ? `; did you mean "${guess}"?`
            : known.length > 0
              ? `; expected one of ${known.join(', ')}`
              : '';
        out.push({ path: [...path, key], message: `unknown key${hint}` });
      }
    } else if (issue.code === 'invalid_union') {
      const typeMismatch = (branch: readonly z.core.$ZodIssue[]): boolean =>
        branch.some((i) => i.code === 'invalid_type' && i.path.length === 0);
      const matching = issue.errors.filter((branch) => !typeMismatch(branch));
      const [only] = matching;
      if (matching.length === 1 && only !== undefined) {
        out.push(...flatten(only, path));
      } else {
        const expected = issue.errors.flatMap((branch) =>
          branch.flatMap((i) => (i.code === 'invalid_type' && i.path.length === 0 ? [i.expected] : [])),
        );
        out.push({
          path,
          message: expected.length > 0 ? `expected ${[...new Set(expected)].join(' or ')}` : issue.message,
        });
      }
    } else {
      out.push({ path, message: issue.message });
    }
  }
  return out;
}

/** The env key (a leaf path without indices) that set the value at `path`, if any. */
function envVarFor(path: readonly PathSegment[], setBy: ReadonlyMap<string, string>): string | undefined {
  const names: string[] = [];
  for (const segment of path) {
    if (typeof segment === 'number') break;
    names.push(segment);
    const found = setBy.get(names.join('.'));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Turns schema issues on the merged config into diagnostics blamed on the highest layer that set the offending value. */
export function issuesToDiagnostics(issues: readonly z.core.$ZodIssue[], layers: Attribution): Diagnostic[] {
  return flatten(issues, []).map(({ path, message }): Diagnostic => {
    const shown = formatPath(path);
    if (layerHas(layers.overrides, path)) return { path: shown, message, source: 'override' };
    const envVar = layerHas(layers.env, path) ? envVarFor(path, layers.envSetBy) : undefined;
    if (envVar !== undefined) return { path: shown, message: `${envVar}: ${message}`, source: 'env' };
    // Defaults are valid by construction, so anything not set by env or overrides came from the file.
    const location = layers.locateInFile(path);
    return { path: shown, message, source: 'file', ...(location !== undefined ? { location } : {}) };
  });
}
