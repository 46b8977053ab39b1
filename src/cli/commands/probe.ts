import type { Command } from 'commander';
import { createLogger } from '../../app/logger.ts';
import { openProbe } from '../../app/open-probe.ts';
import { ProbeRefusedError } from '../../vantage/probe-runner.ts';
import { loadCliConfig, type ConfigFlags } from '../config.ts';
import { EXIT, type CliIo } from '../io.ts';
import { stopSignal } from '../signals.ts';

/**
 * `mamori probe --api URL --vantage NAME`: a remote vantage point (docs/vantage-points.md). It
 * takes the confirmation jobs of its vantage from the server's API with a probe-scoped token
 * (`vantage.probeToken`, MAMORI_VANTAGE_PROBE_TOKEN), checks each page and reports, until stopped.
 */
export async function runProbe(
  flags: ConfigFlags & { api: string; vantage: string },
  io: CliIo,
  until: Promise<unknown> = stopSignal(),
): Promise<number> {
  const config = loadCliConfig(flags, io);
  if (!config) return EXIT.usage;
  if (config.vantage.probeToken === '') {
    io.err('mamori probe needs a probe-scoped API token: set vantage.probeToken (MAMORI_VANTAGE_PROBE_TOKEN).');
    return EXIT.usage;
  }
  let api: URL;
  try {
    api = new URL(flags.api);
  } catch {
    io.err(`--api must be the server's URL, e.g. https://mamori.example (got ${flags.api})`);
    return EXIT.usage;
  }
  const probe = openProbe(config, { api: api.href, vantage: flags.vantage }, createLogger(config));
  const stop = new AbortController();
  void until.then(() => stop.abort());
  io.err(`Mamori probe for vantage ${flags.vantage}, taking jobs from ${api.origin}. Ctrl-C stops.`);
  try {
    await probe.runner.run(stop.signal);
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof ProbeRefusedError)) throw error;
    io.err(`mamori probe: ${error.message}`);
    return EXIT.usage;
  } finally {
    await probe.close();
  }
}

export function registerProbe(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('probe')
    .description('check pages from another network for the server: lease jobs of this vantage, report verdicts')
    .requiredOption('--api <url>', 'the Mamori server’s base URL')
    .requiredOption('--vantage <name>', 'this vantage’s name (one of the server’s vantage.probes; the token’s name)')
    .action(async (opts: { api: string; vantage: string }) =>
      setExit(await runProbe({ ...program.opts<ConfigFlags>(), ...opts }, io)),
    );
}
