import { stat } from 'node:fs/promises';
import type { Fetcher } from '../fetch/types.ts';
import type { EstateStore } from '../store/types.ts';
import { addTarget } from '../estate/add-target.ts';
import { parseTarget } from '../estate/origin.ts';
import { mergeImports } from './dedupe.ts';
import type { ImportFormat } from './detect-format.ts';
import { credentialsProblem } from '../config/urls.ts';
import { fetchText, readSitemapTree } from './sitemap-reader.ts';
import { fileText, parseImportStream, type StreamImportResult } from './stream-import.ts';
import type { ImportProblem } from './types.ts';

export interface ImportOptions {
  /** Organisation for pages of sites not yet in the estate; default: one per host. */
  organisation?: string;
  format?: ImportFormat;
  intervalSeconds?: number;
  /** Parse and report, but add nothing. */
  dryRun?: boolean;
  /** Nested sitemaps followed from a sitemap index at most (config import.maxSitemaps). */
  maxSitemaps?: number;
  /** Targets taken from the source and its whole sitemap tree at most (config import.maxTargets). */
  maxTargets?: number;
}

/** The defaults of import.maxTargets and import.maxSitemaps (config/schema.ts). */
export const DEFAULT_MAX_TARGETS = 50_000;
export const DEFAULT_MAX_SITEMAPS = 100;

export interface ImportReport {
  source: string;
  format: ImportFormat;
  sitemapsRead: number;
  found: number;
  added: number;
  existing: number;
  problems: ImportProblem[];
}

export interface ImportDeps {
  store: EstateStore;
  fetcher: Fetcher;
  now: () => number;
}

export type ImportOutcome = { ok: true; report: ImportReport } | { ok: false; message: string };

/**
 * Add targets from a URL list, a sitemap (index) or an urlwatch `urls.yaml`, read from a file or a URL.
 * Bad lines and duplicates are reported, never fatal; only an unreadable source fails the import.
 */
export async function importTargets(
  deps: ImportDeps,
  source: string,
  options: ImportOptions,
  progress: (done: number, total: number) => void = () => undefined,
): Promise<ImportOutcome> {
  const maxTargets = options.maxTargets ?? DEFAULT_MAX_TARGETS;
  const first = await readSource(deps.fetcher, source, {
    maxTargets,
    ...(options.format ? { format: options.format } : {}),
  });
  if (!first.ok) return first;
  const parsed = first.parse;
  const nested = await readSitemapTree(deps.fetcher, parsed.sitemaps, {
    max: options.maxSitemaps ?? DEFAULT_MAX_SITEMAPS,
    depth: Number.MAX_SAFE_INTEGER,
    maxTargets: maxTargets - parsed.targets.length,
  });
  const merged = mergeImports([parsed, ...nested.parses]);
  const report: ImportReport = {
    source,
    format: parsed.format,
    sitemapsRead: nested.read,
    found: merged.targets.length,
    added: 0,
    existing: 0,
    problems: [...merged.problems, ...nested.problems],
  };
  if (options.dryRun) return { ok: true, report };
  let done = 0;
  const sites = new Set<number>();
  for (const target of merged.targets) {
    const result = await addTarget(
      deps.store,
      {
        url: target.url,
        organisation: options.organisation ?? organisationFor(target.url),
        source: 'imported',
        intervalSeconds: target.intervalSeconds ?? options.intervalSeconds ?? null,
      },
      deps.now(),
    );
    if (!result.ok)
      report.problems.push({
        input: target.url,
        message: result.message,
        kind: 'malformed',
        ...(target.line ? { line: target.line } : {}),
      });
    else {
      sites.add(result.page.siteId);
      if (result.created) report.added += 1;
      else report.existing += 1;
    }
    progress(++done, merged.targets.length);
  }
  // A sitemap read over HTTP can be read again: discovery re-reads it to notice pages that appear later.
  if (parsed.format === 'sitemap' && /^https?:\/\//i.test(source)) {
    for (const siteId of sites) await deps.store.addSiteSource(siteId, source, deps.now());
  }
  return { ok: true, report };
}

type SourceRead = { ok: true; parse: StreamImportResult } | { ok: false; message: string };

/** A URL is fetched whole (within fetch.maxDecodedBytes); a file is read as a stream, never whole. */
async function readSource(
  fetcher: Fetcher,
  source: string,
  options: { format?: ImportFormat; maxTargets: number },
): Promise<SourceRead> {
  if (/^https?:\/\//i.test(source)) {
    // The source is echoed in the report and kept as a site's sitemap source: no credentials in it either.
    const credentials = credentialsProblem(source);
    if (credentials !== null) return { ok: false, message: credentials };
    const text = await fetchText(fetcher, source);
    if (!text.ok) return text;
    return { ok: true, parse: await parseImportStream([text.text], options) };
  }
  try {
    if (!(await stat(source)).isFile()) return { ok: false, message: `cannot read ${source}: not a file` };
    return { ok: true, parse: await parseImportStream(fileText(source), options) };
  } catch (error) {
    const code = (error as { code?: string }).code;
    return {
      ok: false,
      message: `cannot read ${source}: ${code === 'ENOENT' ? 'no such file' : String((error as Error).message)}`,
    };
  }
}

/** `www.moj.go.jp` → `moj-go-jp`: a stable default organisation per host for imported sites. */
export function organisationFor(url: string): string {
  const host = parseTarget(url)?.host.replace(/:\d+$/, '') ?? 'imported';
  const slug = host
    .replace(/^www\./, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 63);
  return slug || 'imported';
}
