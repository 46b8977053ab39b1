import { normalizeTargetUrl } from './normalize-url.ts';
import { redactUrl } from '../config/urls.ts';
import type { ImportParse, ImportProblem, ImportProblemKind, ImportedTarget } from './types.ts';

/**
 * Accumulates one file's targets, nested sitemaps and problems. Shared by every parser so that
 * normalisation and in-file duplicate reporting behave the same whatever the format.
 */
export class ImportCollector {
  readonly #targets: ImportedTarget[] = [];
  readonly #sitemaps: string[] = [];
  readonly #problems: ImportProblem[] = [];
  /** Problems beyond `maxProblems` are counted, not kept: a file of garbage must not fill memory. */
  #omitted = 0;

  constructor(private readonly maxProblems = Number.POSITIVE_INFINITY) {}
  /** Normalised URL → line (or 0) of its first occurrence, for targets and sitemaps alike. */
  readonly #seen = new Map<string, number>();

  get targetCount(): number {
    return this.#targets.length;
  }

  get sitemapCount(): number {
    return this.#sitemaps.length;
  }

  addTarget(input: string, meta: { line?: number; name?: string } = {}): void {
    const url = this.#accept(input, meta.line);
    if (url === null) return;
    const target: ImportedTarget = { url };
    if (meta.name !== undefined && meta.name.trim() !== '') target.name = meta.name.trim();
    if (meta.line !== undefined) target.line = meta.line;
    this.#targets.push(target);
  }

  addSitemap(input: string, line?: number): void {
    const url = this.#accept(input, line);
    if (url !== null) this.#sitemaps.push(url);
  }

  /** Problems are shown and printed as JSON: any credentials in the input are masked first. */
  problem(kind: ImportProblemKind, input: string, message: string, line?: number): void {
    if (this.#problems.length >= this.maxProblems) {
      this.#omitted += 1;
      return;
    }
    const problem: ImportProblem = { input: redactUrl(input), message, kind };
    if (line !== undefined) problem.line = line;
    this.#problems.push(problem);
  }

  result(): ImportParse {
    const problems = [...this.#problems];
    if (this.#omitted > 0) {
      problems.push({
        input: `${this.#omitted} more`,
        message: `${this.#omitted} more problems like these were not listed`,
        kind: 'malformed',
      });
    }
    return { targets: [...this.#targets], problems, sitemaps: [...this.#sitemaps] };
  }

  #accept(input: string, line: number | undefined): string | null {
    const trimmed = input.trim();
    const normalised = normalizeTargetUrl(trimmed);
    if (!normalised.ok) {
      this.problem(normalised.kind, trimmed, normalised.message, line);
      return null;
    }
    const first = this.#seen.get(normalised.url);
    if (first !== undefined) {
      const where = first > 0 ? ` on line ${first}` : '';
      this.problem('duplicate', trimmed, `duplicate of ${normalised.url}${where}`, line);
      return null;
    }
    this.#seen.set(normalised.url, line ?? 0);
    return normalised.url;
  }
}
