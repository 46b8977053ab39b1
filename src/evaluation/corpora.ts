import { readCorpus, type CorpusCase } from './corpus.ts';
import { familyOf } from './families.ts';
import { tally, type CaseResult, type DetectReport, type SpeedFigures } from './tally.ts';

export type CorporaRead =
  { ok: true; cases: CorpusCase[]; problems: string[]; names: string[] } | { ok: false; message: string };

/** Read several corpora as one list of cases, each knowing its corpus. Two corpora with one name are refused: figures are kept by name. */
export function readCorpora(dirs: readonly string[]): CorporaRead {
  const cases: CorpusCase[] = [];
  const problems: string[] = [];
  const names: string[] = [];
  for (const dir of dirs) {
    const read = readCorpus(dir);
    if (!read.ok) return read;
    const name = read.cases[0]?.corpus ?? dir;
    if (names.includes(name)) return { ok: false, message: `two corpora are named ${name}: give each once` };
    names.push(name);
    cases.push(...read.cases);
    problems.push(...read.problems.map((p) => `${name}/${p}`));
  }
  return { ok: true, cases, problems, names };
}

/** Attach each result's corpus and source family (results are in the order of their cases). */
export function withOrigins(cases: readonly CorpusCase[], results: readonly CaseResult[]): CaseResult[] {
  return results.map((r, i) => {
    const c = cases[i];
    return c ? { ...r, corpus: c.corpus, family: familyOf(c) } : r;
  });
}

/** Figures per corpus (in the order given), the speed figures belonging to the pooled run only. */
export function tallyByCorpus(results: readonly CaseResult[], names: readonly string[]): Array<[string, DetectReport]> {
  return names.map((name) => [name, tally(results.filter((r) => r.corpus === name))]);
}

/** The kinds present, to refuse a `--kind` that matches nothing. */
export function kindsOf(cases: readonly CorpusCase[]): string[] {
  return [...new Set(cases.map((c) => c.kind))].sort();
}

export type { SpeedFigures };
