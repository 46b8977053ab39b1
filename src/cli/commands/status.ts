import type { Command } from 'commander';
import { openRuntime } from '../../app/runtime.ts';
import { createLogger } from '../../app/logger.ts';
import { loadEstateTree, PROBLEM_STATUSES } from '../../estate/estate-tree.ts';
import { loadCliConfig, type ConfigFlags } from '../config.ts';
import { findOrganisation } from '../organisation-flag.ts';
import { EXIT, type CliIo } from '../io.ts';
import { formatEstateTree } from '../formatters/status.ts';

interface StatusFlags extends ConfigFlags {
  json?: boolean;
  all?: boolean;
  org?: string;
}

/** Above this many pages, only problem pages are listed unless --all is given. */
const LIST_ALL_UP_TO = 200;

/** `mamori status`: the estate with each page's status; exit 1 when any page has a problem. */
export async function runStatus(flags: StatusFlags, io: CliIo): Promise<number> {
  const config = loadCliConfig(flags, io);
  if (!config) return EXIT.usage;
  const runtime = await openRuntime(config, createLogger({ log: { level: 'warn' } }));
  try {
    if (flags.org) {
      const found = findOrganisation(flags.org, await runtime.store.listOrganisations());
      if (!found.ok) {
        io.err(found.message);
        return EXIT.usage;
      }
    }
    const counts = await runtime.store.countPagesByStatus();
    const all = flags.all === true || flags.json === true || counts.total <= LIST_ALL_UP_TO;
    const tree = await loadEstateTree(runtime.store, {
      problemsOnly: !all,
      maxPagesPerSite: all ? Number.MAX_SAFE_INTEGER : 50,
      ...(flags.org ? { organisation: flags.org } : {}),
    });
    io.out(flags.json ? JSON.stringify(tree) : formatEstateTree(tree, runtime.clock.now()));
    const problems = [...PROBLEM_STATUSES].reduce((n, s) => n + counts.byStatus[s], 0);
    return problems > 0 ? EXIT.problem : EXIT.ok;
  } finally {
    await runtime.close();
  }
}

export function registerStatus(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('status')
    .description('print the estate (organisation → site → page) with status and last verdict')
    .option('--json', 'print the estate as JSON')
    .option('--all', 'list every page, not only the problems, however large the estate')
    .option('--org <slug>', 'only this organisation')
    .action(async (flags: StatusFlags) => setExit(await runStatus({ ...program.opts<ConfigFlags>(), ...flags }, io)));
}
