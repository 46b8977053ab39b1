/**
 * `mamori export misp` (a MISP core format event of an incident, a campaign or a window) and
 * `mamori export thehive` (push one incident to TheHive as a case). Thin: parse, call interop, print.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { createLogger } from '../../app/logger.ts';
import { openRuntime } from '../../app/runtime.ts';
import { openCsirtExports } from '../../app/open-csirt.ts';
import { StixNotFoundError } from '../../interop/stix/export-service.ts';
import { parseStixScope } from '../../interop/stix/scope.ts';
import { TheHiveError, TheHiveNotConfiguredError } from '../../interop/thehive/client.ts';
import { loadCliConfig, type ConfigFlags } from '../config.ts';
import { EXIT, type CliIo } from '../io.ts';
import { positiveId, type ExportScopeFlags } from './export-flags.ts';

function notFound(error: StixNotFoundError, io: CliIo): number {
  io.err(error.message.replace(/GET \/api\/(incidents|campaigns)/, 'mamori incidents --all'));
  return EXIT.problem;
}

export async function runExportMisp(flags: ExportScopeFlags, io: CliIo): Promise<number> {
  const config = loadCliConfig(flags, io);
  if (!config) return EXIT.usage;
  const incidentId = positiveId(flags.incident, '--incident', io);
  const campaignId = positiveId(flags.campaign, '--campaign', io);
  if (incidentId === null || campaignId === null) return EXIT.usage;
  const parsed = parseStixScope({ incidentId, campaignId, from: flags.from, to: flags.to }, Date.now());
  if (!parsed.ok) {
    for (const p of parsed.problems)
      io.err(
        `${p.path === '(query)' ? 'scope: give exactly one of --incident, --campaign, or --from (optional --to)' : `--${p.path}: ${p.message}`}`,
      );
    return EXIT.usage;
  }
  const runtime = await openRuntime(config, createLogger({ log: { level: 'warn' } }));
  try {
    const event = await openCsirtExports(runtime).misp().export(parsed.scope);
    const text = JSON.stringify(event, null, 2);
    if (flags.out) {
      await writeFile(flags.out, `${text}\n`);
      io.out(
        `wrote a MISP event with ${event.Event.attribute_count} attributes (${event.Event.Object.length} objects) to ${flags.out}`,
      );
    } else io.out(text);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof StixNotFoundError) return notFound(error, io);
    throw error;
  } finally {
    await runtime.close();
  }
}

export async function runExportTheHive(flags: ConfigFlags & { incident?: string }, io: CliIo): Promise<number> {
  const config = loadCliConfig(flags, io);
  if (!config) return EXIT.usage;
  const incidentId = positiveId(flags.incident, '--incident', io);
  if (incidentId === null) return EXIT.usage;
  if (incidentId === undefined) {
    io.err('--incident is required: the incident to push as a TheHive case');
    return EXIT.usage;
  }
  const runtime = await openRuntime(config, createLogger({ log: { level: 'warn' } }));
  try {
    const result = await openCsirtExports(runtime).pushToTheHive(incidentId);
    io.out(
      `created TheHive case ${result.caseNumber !== null ? `#${result.caseNumber} ` : ''}(${result.caseId}) with ${result.observables} observables`,
    );
    for (const f of result.failed) io.err(`observable ${f.dataType} ${f.data} not added: ${f.error}`);
    return result.failed.length > 0 ? EXIT.problem : EXIT.ok;
  } catch (error) {
    if (error instanceof StixNotFoundError) return notFound(error, io);
    if (error instanceof TheHiveNotConfiguredError) {
      io.err(`${error.message} (set exports.thehive.url and MAMORI_EXPORTS_THEHIVE_API_KEY)`);
      return EXIT.usage;
    }
    if (error instanceof TheHiveError) {
      io.err(error.retryable ? `${error.message} Try again later.` : error.message);
      return EXIT.problem;
    }
    throw error;
  } finally {
    await runtime.close();
  }
}

/** Adds `misp` and `thehive` under `mamori export`. */
export function registerCsirtExports(cmd: Command, program: Command, io: CliIo, setExit: (code: number) => void): void {
  cmd
    .command('misp')
    .description('a MISP event (core format JSON) of one incident, one campaign, or the incidents of a time window')
    .option('--incident <id>', 'one incident (a site incident brings its page incidents)')
    .option('--campaign <id>', 'one campaign and its incidents')
    .option('--from <time>', 'window start (ISO 8601 or epoch ms)')
    .option('--to <time>', 'window end (default now)')
    .option('--out <file>', 'write the event to this file instead of standard output')
    .action(async (flags: ExportScopeFlags) =>
      setExit(await runExportMisp({ ...program.opts<ConfigFlags>(), ...flags }, io)),
    );
  cmd
    .command('thehive')
    .description('push one incident to TheHive 5 as a case with its observables (config exports.thehive)')
    .option('--incident <id>', 'the incident to push')
    .action(async (flags: { incident?: string }) =>
      setExit(await runExportTheHive({ ...program.opts<ConfigFlags>(), ...flags }, io)),
    );
}
