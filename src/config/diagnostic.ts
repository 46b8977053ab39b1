/** Where a configuration value came from. Defaults never produce problems: they are valid by construction. */
export type DiagnosticSource = 'file' | 'env' | 'override';

/**
 * One configuration problem or warning. Loading collects every one of these in a single pass
 * (file and environment together) instead of stopping at the first, so a newcomer fixes them all at once.
 */
export interface Diagnostic {
  /** Config key path such as `estate.organisations[0].sites[1].pages[2]`, or the file / variable name for whole-file and unknown-variable notes. */
  path: string;
  message: string;
  source: DiagnosticSource;
  /** For file problems, `file:line:column` when the position is known. */
  location?: string;
}

export type PathSegment = string | number;

/** `['estate', 'organisations', 0, 'slug']` → `estate.organisations[0].slug`; the root is `(root)`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out === '' ? '(root)' : out;
}
