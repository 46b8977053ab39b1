import { type Diagnostic } from './diagnostic.ts';

/**
 * One `path: message (source)` line per diagnostic, in the order given (file problems, then
 * environment, then the rest), with the file position when known: `(file mamori.yaml:12:7)`.
 * Pure: the CLI decides where to print and exits 2 on problems.
 */
export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      // Keep each diagnostic on one line so the output stays greppable.
      const message = d.message.replace(/\s*\n\s*/g, ' ');
      const where = d.location !== undefined ? `${d.source} ${d.location}` : d.source;
      return `${d.path}: ${message} (${where})`;
    })
    .join('\n');
}
