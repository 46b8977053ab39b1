import type { Command } from 'commander';
import { openRuntime } from '../../app/runtime.ts';
import { createLogger } from '../../app/logger.ts';
import { IMPORT_FORMATS, type ImportFormat } from '../../import/detect-format.ts';
import { importTargets } from '../../import/import-service.ts';
import { loadCliConfig, type ConfigFlags } from '../config.ts';
import { EXIT, type CliIo } from '../io.ts';
import { formatImportReport } from '../formatters/import.ts';
import { createProgress } from '../progress.ts';

interface ImportFlags extends ConfigFlags {
  org?: string;
  format?: string;
  interval?: string;
  dryRun?: boolean;
  json?: boolean;
}

/** `mamori import <file|url>`: add targets from a URL list, a sitemap or an urlwatch urls.yaml. */
export async function runImport(source: string, flags: ImportFlags, io: CliIo): Promise<number> {
  const problems = validateFlags(flags);
  if (problems.length > 0) {
    for (const p of problems) io.err(`mamori import: ${p}`);
    return EXIT.usage;
  }
  const config = loadCliConfig(flags, io);
  if (!config) return EXIT.usage;
  const runtime = await openRuntime(config, createLogger({ log: { level: 'warn' } }));
  const progress = createProgress(io, 'importing');
  try {
    const outcome = await importTargets(
      { store: runtime.store, fetcher: runtime.fetcher, now: () => runtime.clock.now() },
      source,
      {
        ...(flags.org ? { organisation: flags.org } : {}),
        ...(flags.format ? { format: flags.format as ImportFormat } : {}),
        ...(flags.interval ? { intervalSeconds: Number(flags.interval) } : {}),
        dryRun: flags.dryRun === true,
        maxTargets: config.import.maxTargets,
        maxSitemaps: config.import.maxSitemaps,
      },
      (done, total) => progress.update(done, total),
    );
    progress.stop();
    if (!outcome.ok) {
      io.err(`mamori import: ${outcome.message}`);
      return EXIT.usage;
    }
    io.out(flags.json ? JSON.stringify(outcome.report) : formatImportReport(outcome.report, flags.dryRun === true));
    return EXIT.ok;
  } finally {
    await runtime.close();
  }
}

function validateFlags(flags: ImportFlags): string[] {
  const problems: string[] = [];
  if (flags.format && !IMPORT_FORMATS.includes(flags.format as ImportFormat))
    problems.push(`--format must be one of ${IMPORT_FORMATS.join(', ')}`);
  if (flags.org && !/^[a-z0-9][a-z0-9-]{0,62}$/.test(flags.org))
    problems.push('--org must be a slug: lower-case letters, digits and hyphens');
  if (
    flags.interval &&
    !(Number.isInteger(Number(flags.interval)) && Number(flags.interval) >= 5 && Number(flags.interval) <= 86_400)
  ) {
    problems.push('--interval must be whole seconds from 5 to 86400');
  }
  return problems;
}

export function registerImport(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('import')
    .description('add targets from a URL list, a sitemap.xml (or sitemap index), or an urlwatch urls.yaml; file or URL')
    .argument('<source>', 'file path or http(s) URL')
    .option('--org <slug>', 'organisation for pages of new sites (default: one per host)')
    .option('--format <format>', `force the format: ${IMPORT_FORMATS.join(', ')}`)
    .option('--interval <seconds>', 'check interval for the imported pages')
    .option('--dry-run', 'parse and report without adding anything')
    .option('--json', 'print the report as JSON')
    .action(async (source: string, flags: ImportFlags) =>
      setExit(await runImport(source, { ...program.opts<ConfigFlags>(), ...flags }, io)),
    );
}
