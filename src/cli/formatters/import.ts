import type { ImportReport } from '../../import/import-service.ts';

/** Problems listed in full up to this many; the rest are counted. */
const MAX_LISTED = 50;

/** An import summary: what was added, what was already there, and every problem with its line. Pure. */
export function formatImportReport(r: ImportReport, dryRun: boolean): string {
  const lines = [
    `Imported from ${r.source} (${r.format}${r.sitemapsRead > 0 ? `, ${r.sitemapsRead} nested sitemap${r.sitemapsRead === 1 ? '' : 's'}` : ''}):`,
    dryRun
      ? `  ${r.found} page${r.found === 1 ? '' : 's'} found (dry run: nothing added)`
      : `  ${r.added} added, ${r.existing} already watched, ${r.found} found`,
  ];
  if (r.problems.length > 0) {
    lines.push(`  ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'} (skipped, the rest was imported):`);
    for (const p of r.problems.slice(0, MAX_LISTED)) {
      lines.push(`    ${p.line !== undefined ? `line ${p.line}: ` : ''}${p.kind}: ${p.message}`);
    }
    if (r.problems.length > MAX_LISTED) lines.push(`    … and ${r.problems.length - MAX_LISTED} more (use --json)`);
  }
  return lines.join('\n');
}
