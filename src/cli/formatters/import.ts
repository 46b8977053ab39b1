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
  const warnings = r.problems.filter((p) => p.kind === 'ignored');
  const skipped = r.problems.filter((p) => p.kind !== 'ignored');
  if (skipped.length > 0) {
    lines.push(`  ${skipped.length} problem${skipped.length === 1 ? '' : 's'} (skipped, the rest was imported):`);
    lines.push(...listed(skipped));
  }
  if (warnings.length > 0) {
    lines.push(
      `  ${warnings.length} warning${warnings.length === 1 ? '' : 's'} (imported, but not all of it applies):`,
    );
    lines.push(...listed(warnings));
  }
  return lines.join('\n');
}

function listed(problems: ImportReport['problems']): string[] {
  const lines = problems
    .slice(0, MAX_LISTED)
    .map((p) => `    ${p.line !== undefined ? `line ${p.line}: ` : ''}${p.kind}: ${p.message}`);
  if (problems.length > MAX_LISTED) lines.push(`    … and ${problems.length - MAX_LISTED} more (use --json)`);
  return lines;
}
