import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { createLogger } from '../../app/logger.ts';
import { openRuntime } from '../../app/runtime.ts';
import { StixExportService, StixNotFoundError } from '../../interop/stix/export-service.ts';
import { parseStixScope } from '../../interop/stix/scope.ts';
import { loadCliConfig, type ConfigFlags } from '../config.ts';
import { EXIT, type CliIo } from '../io.ts';
import { positiveId, type ExportScopeFlags } from './export-flags.ts';
import { registerCsirtExports } from './export-csirt.ts';

/** `mamori export stix`: one STIX 2.1 bundle for an incident, a campaign or a time window. */
export async function runExportStix(flags: ExportScopeFlags, io: CliIo): Promise<number> {
  const config = loadCliConfig(flags, io);
  if (!config) return EXIT.usage;
  const incidentId = positiveId(flags.incident, '--incident', io);
  const campaignId = positiveId(flags.campaign, '--campaign', io);
  if (incidentId === null || campaignId === null) return EXIT.usage;
  const parsed = parseStixScope({ incidentId, campaignId, from: flags.from, to: flags.to }, Date.now());
  if (!parsed.ok) {
    for (const p of parsed.problems)
      io.err(
        `${p.path === '(query)' ? 'scope' : `--${p.path}`}: ${p.message.replace('incidentId, campaignId', '--incident, --campaign').replace('(from, optional to)', '(--from, optional --to)')}`,
      );
    return EXIT.usage;
  }
  const runtime = await openRuntime(config, createLogger({ log: { level: 'warn' } }));
  try {
    const bundle = await new StixExportService({
      store: runtime.store,
      incidents: runtime.incidents.store,
      intel: runtime.intel.stix,
    }).export(parsed.scope);
    const text = JSON.stringify(bundle, null, 2);
    if (flags.out) {
      await writeFile(flags.out, `${text}\n`);
      io.out(`wrote ${bundle.objects.length} STIX objects to ${flags.out}`);
    } else io.out(text);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof StixNotFoundError) {
      io.err(
        error.message
          .replace('GET /api/incidents', 'mamori incidents --all')
          .replace('GET /api/campaigns', 'mamori incidents --all'),
      );
      return EXIT.problem;
    }
    throw error;
  } finally {
    await runtime.close();
  }
}

export function registerExport(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program.command('export').description('export data in interchange formats');
  cmd
    .command('stix')
    .description('a STIX 2.1 bundle of one incident, one campaign, or the incidents of a time window')
    .option('--incident <id>', 'one incident (a site incident brings its page incidents)')
    .option('--campaign <id>', 'one campaign and its incidents')
    .option('--from <time>', 'window start (ISO 8601 or epoch ms)')
    .option('--to <time>', 'window end (default now)')
    .option('--out <file>', 'write the bundle to this file instead of standard output')
    .action(async (flags: ExportScopeFlags) =>
      setExit(await runExportStix({ ...program.opts<ConfigFlags>(), ...flags }, io)),
    );
  registerCsirtExports(cmd, program, io, setExit);
}
