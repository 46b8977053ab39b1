import type { Command } from 'commander';
import { createLogger } from '../../app/logger.ts';
import { openRuntime } from '../../app/runtime.ts';
import { discoverSites } from '../../import/discover.ts';
import { loadCliConfig, type ConfigFlags } from '../config.ts';
import { formatDiscoveryReport } from '../formatters/discover.ts';
import { EXIT, type CliIo } from '../io.ts';

interface DiscoverFlags extends ConfigFlags {
  json?: boolean;
}

/** `mamori discover`: one discovery pass now; exit 1 when it found pages that should not exist. */
export async function runDiscover(flags: DiscoverFlags, io: CliIo): Promise<number> {
  const config = loadCliConfig(flags, io);
  if (!config) return EXIT.usage;
  const runtime = await openRuntime(config, createLogger({ log: { level: 'warn' } }));
  try {
    const report = await discoverSites({
      store: runtime.store,
      fetcher: runtime.fetcher,
      now: () => runtime.clock.now(),
    });
    io.out(flags.json ? JSON.stringify(report) : formatDiscoveryReport(report));
    return report.findings.length > 0 ? EXIT.problem : EXIT.ok;
  } finally {
    await runtime.close();
  }
}

export function registerDiscover(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('discover')
    .description(
      're-read every imported sitemap now: report new pages that should not exist and start watching every new page',
    )
    .option('--json', 'print the report as JSON')
    .action(async (flags: DiscoverFlags) =>
      setExit(await runDiscover({ ...program.opts<ConfigFlags>(), ...flags }, io)),
    );
}
