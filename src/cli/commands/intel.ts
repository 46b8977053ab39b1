import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { createLogger } from '../../app/logger.ts';
import { openRuntime, type Runtime } from '../../app/runtime.ts';
import { syncEstate } from '../../estate/sync-config.ts';
import { loadCliConfig, type ConfigFlags } from '../config.ts';
import { formatClaim, formatThreats } from '../formatters/intel.ts';
import { EXIT, type CliIo } from '../io.ts';

interface ThreatsFlags extends ConfigFlags {
  json?: boolean;
  add?: string;
  source?: string;
}

interface ClaimFlags extends ConfigFlags {
  json?: boolean;
  url?: string;
  source?: string;
}

/**
 * `mamori threats`: the threats, newest first; `--add <file>` reports an announcement first (its
 * first line is the title), as `POST /api/threats` does.
 */
/** The runtime with the config's estate stored, so names and pages the config declares are matched. */
async function openWithEstate(config: Runtime['config']): Promise<Runtime> {
  const runtime = await openRuntime(config, createLogger({ log: { level: 'warn' } }));
  try {
    await syncEstate(runtime.store, config.estate.organisations, runtime.clock.now());
    return runtime;
  } catch (error) {
    await runtime.close();
    throw error;
  }
}

export async function runThreats(flags: ThreatsFlags, io: CliIo): Promise<number> {
  const config = loadCliConfig(flags, io);
  if (!config) return EXIT.usage;
  let announcement: { title: string; text: string } | null = null;
  if (flags.add !== undefined) {
    const text = await readFile(flags.add, 'utf8').catch((error: unknown) => {
      io.err(`cannot read ${flags.add}: ${(error as Error).message}`);
      return null;
    });
    if (text === null) return EXIT.usage;
    const [title = '', ...rest] = text
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    announcement = { title: title.trim(), text: rest.join('\n').trim() };
  }
  const runtime = await openWithEstate(config);
  try {
    if (announcement) {
      const result = await runtime.intel.threats.ingest({ ...announcement, source: flags.source ?? 'cli' });
      io.err(
        result.threat
          ? `${result.created ? 'threat opened' : 'threat already known'}: ${result.threat.id}`
          : 'no threat',
      );
      for (const reason of result.assessment.reasons) io.err(`  ${reason}`);
    }
    const threats = await runtime.intel.store.listThreats({ scope: 'all', limit: 100 });
    const names = new Map((await runtime.store.listOrganisations()).map((o) => [o.id, o.name]));
    io.out(flags.json ? JSON.stringify({ items: threats }) : formatThreats(threats, names, runtime.clock.now()));
    return EXIT.ok;
  } finally {
    await runtime.close();
  }
}

/** `mamori claim <text>`: check the claim's target now and say confirmed, refuted or unverifiable; exit 1 when confirmed. */
export async function runClaim(text: string, flags: ClaimFlags, io: CliIo): Promise<number> {
  const config = loadCliConfig(flags, io);
  if (!config) return EXIT.usage;
  if (text.trim() === '') {
    io.err('the claim needs its text, e.g. mamori claim "https://www.example.go.jp/ hacked by X"');
    return EXIT.usage;
  }
  if (flags.url !== undefined && !URL.canParse(flags.url)) {
    io.err(`--url must be an absolute URL (got "${flags.url}")`);
    return EXIT.usage;
  }
  const runtime = await openWithEstate(config);
  try {
    const claim = await runtime.intel.claims.verify({
      text,
      source: flags.source ?? 'cli',
      ...(flags.url ? { url: flags.url } : {}),
    });
    io.out(flags.json ? JSON.stringify(claim) : formatClaim(claim));
    return claim.status === 'confirmed' ? EXIT.problem : EXIT.ok;
  } finally {
    await runtime.close();
  }
}

export function registerIntel(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('threats')
    .description('list threats (announcements that named the estate) and their heightened-watch windows')
    .option('--add <file>', 'report an announcement from a text file first (first line: the title)')
    .option('--source <name>', 'where the announcement was seen', 'cli')
    .option('--json', 'print JSON')
    .action(async (flags: ThreatsFlags) => setExit(await runThreats({ ...program.opts<ConfigFlags>(), ...flags }, io)));
  program
    .command('claim <text>')
    .description('check a claim of an attack now: confirmed (exit 1), refuted or unverifiable (exit 0)')
    .option('--url <url>', 'the page claimed, when the text does not name it')
    .option('--source <name>', 'where the claim was seen', 'cli')
    .option('--json', 'print JSON')
    .action(async (text: string, flags: ClaimFlags) =>
      setExit(await runClaim(text, { ...program.opts<ConfigFlags>(), ...flags }, io)),
    );
}
