import type { Command } from 'commander';
import { createLogger } from '../../app/logger.ts';
import { openRuntime } from '../../app/runtime.ts';
import { INCIDENT_STATES } from '../../core/incidents/index.ts';
import { describeIncidents } from '../../incidents/incident-rows.ts';
import type { IncidentFilter } from '../../core/incidents/records.ts';
import { loadCliConfig, type ConfigFlags } from '../config.ts';
import { formatIncidents } from '../formatters/incidents.ts';
import { findOrganisation } from '../organisation-flag.ts';
import { EXIT, type CliIo } from '../io.ts';

interface IncidentsFlags extends ConfigFlags {
  json?: boolean;
  all?: boolean;
  state?: string;
  org?: string;
  limit?: string;
}

/** `mamori incidents`: active incidents (or all, or by state); exit 1 when any is active. */
export async function runIncidents(flags: IncidentsFlags, io: CliIo): Promise<number> {
  const config = loadCliConfig(flags, io);
  if (!config) return EXIT.usage;
  const states = [...INCIDENT_STATES, 'active'] as const;
  if (flags.state !== undefined && !(states as readonly string[]).includes(flags.state)) {
    io.err(`--state must be one of ${states.join(', ')}`);
    return EXIT.usage;
  }
  const limit = flags.limit === undefined ? 100 : Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    io.err('--limit must be a whole number from 1 to 10000');
    return EXIT.usage;
  }
  const runtime = await openRuntime(config, createLogger({ log: { level: 'warn' } }));
  try {
    const { store } = runtime;
    let organisationId: number | undefined;
    if (flags.org) {
      const found = findOrganisation(flags.org, await store.listOrganisations());
      if (!found.ok) {
        io.err(found.message);
        return EXIT.usage;
      }
      organisationId = found.organisation.id;
    }
    const state = (flags.state ?? (flags.all ? undefined : 'active')) as IncidentFilter['state'];
    const incidents = await runtime.incidents.store.list({
      limit,
      ...(state ? { state } : {}),
      ...(organisationId ? { organisationId } : {}),
    });
    const rows = await describeIncidents(store, incidents);
    io.out(flags.json ? JSON.stringify({ items: incidents }) : formatIncidents(rows, runtime.clock.now()));
    const active = (await runtime.incidents.store.list({ state: 'active', limit: 1 })).length;
    return active > 0 ? EXIT.problem : EXIT.ok;
  } finally {
    await runtime.close();
  }
}

export function registerIncidents(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('incidents')
    .description('list incidents (active ones by default), site incidents with their pages')
    .option('--all', 'every incident, closed ones too')
    .option('--state <state>', 'only this state: open, acknowledged, resolved, false_positive or active')
    .option('--org <slug>', 'only this organisation')
    .option('--limit <n>', 'at most this many (default 100)')
    .option('--json', 'print JSON')
    .action(async (flags: IncidentsFlags) =>
      setExit(await runIncidents({ ...program.opts<ConfigFlags>(), ...flags }, io)),
    );
}
