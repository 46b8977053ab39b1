import type { Command } from 'commander';
import { startMamori } from '../../app/mamori.ts';
import { createLogger } from '../../app/logger.ts';
import { installLastResort } from '../../app/last-resort.ts';
import type { ConfigOverrides } from '../../config/schema.ts';
import { loadCliConfig, type ConfigFlags } from '../config.ts';
import { EXIT, type CliIo } from '../io.ts';
import { stopSignal } from '../signals.ts';
import { formatServeBanner } from '../formatters/serve.ts';

interface ServeFlags extends ConfigFlags {
  port?: string;
  host?: string;
}

/** `mamori serve`: the long-running watch with its API, until SIGINT or SIGTERM. */
export async function runServe(flags: ServeFlags, io: CliIo, until: Promise<unknown> = stopSignal()): Promise<number> {
  const overrides: ConfigOverrides = { server: {} };
  if (flags.port !== undefined) overrides.server = { ...overrides.server, port: Number(flags.port) };
  if (flags.host !== undefined) overrides.server = { ...overrides.server, host: flags.host };
  const config = loadCliConfig(flags, io, overrides);
  if (!config) return EXIT.usage;
  const log = createLogger(config);
  // Before anything starts: a fault in a library callback must cost one check, never the whole watch.
  const lastResort = installLastResort(log);
  let mamori;
  try {
    mamori = await startMamori(config, log, { lastResort });
  } catch (error) {
    lastResort.uninstall();
    throw error;
  }
  const pages = (await mamori.runtime.store.countPagesByStatus()).total;
  if (mamori.server)
    for (const line of formatServeBanner({
      url: mamori.server.url,
      publicUrl: config.server.publicUrl ?? null,
      pages,
      database: mamori.runtime.store.dialect,
      firstAdmin: mamori.server.firstAdmin,
    }))
      io.err(line);
  await until;
  io.err('Stopping: finishing running checks…');
  await mamori.stop();
  lastResort.uninstall();
  return EXIT.ok;
}

export function registerServe(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('serve')
    .description('watch the estate: schedule checks, store results, serve the API')
    .option('--port <port>', 'API port (overrides server.port)')
    .option('--host <address>', 'API address (overrides server.host)')
    .action(async (flags: ServeFlags) => setExit(await runServe({ ...program.opts<ConfigFlags>(), ...flags }, io)));
}
