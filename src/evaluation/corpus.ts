import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

/** One labelled case of a tampering corpus (see ../shared/corpus/README.md for the format). */
export interface CorpusCase {
  id: string;
  label: 'benign' | 'tampered';
  kind: string;
  url: string;
  contentType: string;
  /** Benign: the page's source. Tampered: `<base-page source>+<attack-material source>`. */
  source: string;
  /** What the case holds and where its material came from (free text). */
  notes: string;
  /** The corpus it was read from (its folder's name). */
  corpus: string;
  /** Earlier versions, oldest first. */
  history: string[];
  current: string;
}

export type CorpusRead = { ok: true; cases: CorpusCase[]; problems: string[] } | { ok: false; message: string };

/** Read a corpus directory: every case with a case.json, a history/ and a current.html. Bad cases are reported, not fatal. */
export function readCorpus(dir: string): CorpusRead {
  const casesDir = join(dir, 'cases');
  if (!existsSync(casesDir)) return { ok: false, message: `${dir} is not a corpus: it has no cases/ folder` };
  const cases: CorpusCase[] = [];
  const problems: string[] = [];
  const corpus = basename(resolve(dir));
  for (const id of readdirSync(casesDir).sort()) {
    const c = readCase(join(casesDir, id), corpus);
    if (typeof c === 'string') problems.push(`${id}: ${c}`);
    else cases.push(c);
  }
  return { ok: true, cases, problems };
}

function readCase(dir: string, corpus: string): CorpusCase | string {
  let meta: Partial<CorpusCase>;
  try {
    meta = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as Partial<CorpusCase>;
  } catch (error) {
    return `unreadable case.json (${(error as Error).message})`;
  }
  if (!meta.id || (meta.label !== 'benign' && meta.label !== 'tampered') || !meta.kind || !meta.url)
    return 'case.json lacks id, label, kind or url';
  const historyDir = join(dir, 'history');
  const history = existsSync(historyDir)
    ? readdirSync(historyDir)
        .filter((f) => f.endsWith('.html'))
        .sort()
        .map((f) => join(historyDir, f))
    : [];
  const current = join(dir, 'current.html');
  if (history.length === 0) return 'no history/ versions';
  if (!existsSync(current)) return 'no current.html';
  return {
    id: meta.id,
    label: meta.label,
    kind: meta.kind,
    url: meta.url,
    contentType: meta.contentType ?? 'text/html',
    source: typeof meta.source === 'string' ? meta.source : '',
    notes: typeof meta.notes === 'string' ? meta.notes : '',
    corpus,
    history,
    current,
  };
}
