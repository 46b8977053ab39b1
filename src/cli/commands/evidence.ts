import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { createLogger } from '../../app/logger.ts';
import { openRuntime, type Runtime } from '../../app/runtime.ts';
import { VERSION } from '../../app/version.ts';
import { parseTarget } from '../../estate/origin.ts';
import { exportEvidence, type ExportRequest } from '../../evidence/export.ts';
import { incidentScopeOf } from '../../evidence/incident-scope.ts';
import { IncidentStore } from '../../incidents/incident-store.ts';
import {
  formatExported,
  formatExportError,
  formatHolds,
  formatLedger,
  formatVerifyReport,
} from '../../evidence/format.ts';
import { parseTimeArg } from '../../evidence/time-window.ts';
import { stampLedgerHead } from '../../evidence/timestamp.ts';
import { verifyEvidence } from '../../evidence/verify.ts';
import { anchorFor, latestOf, parseAnchor, type TailAnchor } from '../../evidence/tail-anchor.ts';
import type { MamoriConfig } from '../../config/schema.ts';
import { FsBlobStore } from '../../store/blob-store.ts';
import { assertStoreExists } from '../../store/open-store.ts';
import { loadCliConfig, type ConfigFlags } from '../config.ts';
import { EXIT, type CliIo } from '../io.ts';

interface JsonFlags extends ConfigFlags {
  json?: boolean;
}

interface ExportFlags extends JsonFlags {
  page?: string;
  incident?: string;
  from?: string;
  to?: string;
  out: string;
}

interface HoldFlags extends JsonFlags {
  page?: string;
  from?: string;
  to?: string;
  reason: string;
  subject?: string;
}

interface LogFlags extends JsonFlags {
  page?: string;
  limit: string;
}

async function withRuntime(
  flags: ConfigFlags,
  io: CliIo,
  fn: (runtime: Runtime, config: MamoriConfig) => Promise<number>,
  options: { existingStore?: boolean } = {},
): Promise<number> {
  const config = loadCliConfig(flags, io);
  if (!config) return EXIT.usage;
  // Opening the runtime creates and migrates a missing database: an empty ledger would verify clean.
  if (options.existingStore === true) await assertStoreExists({ url: config.database.url });
  const runtime = await openRuntime(config, createLogger({ log: { level: 'warn' } }));
  try {
    return await fn(runtime, config);
  } finally {
    await runtime.close();
  }
}

/** `--from`/`--to` as a window; absent ends are the beginning of time and now. */
function window(
  flags: { from?: string; to?: string },
  now: number,
  io: CliIo,
  command: string,
): { from: number; to: number } | null {
  const from = flags.from === undefined ? 0 : parseTimeArg(flags.from, 'start');
  const to = flags.to === undefined ? now : parseTimeArg(flags.to, 'end');
  for (const [flag, value] of [
    ['--from', from],
    ['--to', to],
  ] as const) {
    if (typeof value === 'string') {
      io.err(`mamori evidence ${command}: ${flag}: ${value}`);
      return null;
    }
  }
  if ((from as number) > (to as number)) {
    io.err(`mamori evidence ${command}: --from is after --to`);
    return null;
  }
  return { from: from as number, to: to as number };
}

function pageUrl(raw: string, io: CliIo, command: string): string | null {
  const target = parseTarget(raw);
  if (!target) io.err(`mamori evidence ${command}: --page: not an absolute http(s) URL: ${raw}`);
  return target?.url ?? null;
}

interface VerifyFlags extends JsonFlags {
  anchor?: string;
}

/** An exported anchor: one JSON object, or a copy of the whole JSONL log (its highest anchor counts). */
async function readAnchorFile(path: string, io: CliIo): Promise<TailAnchor | null | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    io.err(`mamori evidence verify: --anchor: cannot read ${path} (${(err as { code?: string }).code ?? String(err)})`);
    return 'unreadable';
  }
  const anchor = parseAnchor(text.trim()) ?? latestOf(text);
  if (anchor === null) io.err(`mamori evidence verify: --anchor: ${path} holds no Mamori tail anchor`);
  return anchor ?? 'unreadable';
}

/** `mamori evidence verify`: 0 intact, 1 a broken link, a damaged or deleted record, 2 usage or config error. */
export function runVerify(flags: VerifyFlags, io: CliIo): Promise<number> {
  return withRuntime(
    flags,
    io,
    async ({ evidence, blobs, database }) => {
      const anchors = [{ anchor: await evidence.anchors.latest(), source: `the anchor log ${evidence.anchors.path}` }];
      if (flags.anchor !== undefined) {
        const external = await readAnchorFile(flags.anchor, io);
        if (external === 'unreadable' || external === null) return EXIT.usage;
        anchors.push({ anchor: external, source: `the anchor ${flags.anchor}` });
      }
      const report = await verifyEvidence(evidence.ledger, evidence.files, {
        anchors,
        ...(blobs instanceof FsBlobStore ? { bodies: { db: database.db, blobs } } : {}),
      });
      io.out(flags.json ? JSON.stringify(report) : formatVerifyReport(report));
      return report.problems.length === 0 ? EXIT.ok : EXIT.problem;
    },
    { existingStore: true },
  );
}

/** `mamori evidence export`: 0 written, 1 nothing to export or a damaged file, 2 usage, config or unknown incident. */
export async function runExport(flags: ExportFlags, io: CliIo): Promise<number> {
  if ((flags.page === undefined) === (flags.incident === undefined)) {
    io.err('mamori evidence export: give either --page <url> (with --from/--to) or --incident <id>');
    return EXIT.usage;
  }
  return withRuntime(flags, io, async ({ evidence, clock, database }) => {
    const now = clock.now();
    let request: ExportRequest;
    if (flags.page !== undefined) {
      const url = pageUrl(flags.page, io, 'export');
      const span = window(flags, now, io, 'export');
      if (url === null || span === null) return EXIT.usage;
      request = { kind: 'page', url, ...span };
    } else {
      request = { kind: 'incident', incidentId: flags.incident! };
    }
    const incidents = incidentScopeOf(new IncidentStore(database), () => clock.now());
    const result = await exportEvidence(
      { ledger: evidence.ledger, files: evidence.files, incidents, mamoriVersion: VERSION },
      request,
      flags.out,
      now,
    );
    if (!result.ok) {
      io.err(flags.json ? JSON.stringify(result.error) : formatExportError(result.error));
      return result.error.code === 'nothing-to-export' || result.error.code === 'damaged-file'
        ? EXIT.problem
        : EXIT.usage;
    }
    io.out(
      flags.json
        ? JSON.stringify({ ...result.bundle, exportEntry: result.bundle.exportEntry.seq })
        : formatExported(result.bundle),
    );
    return EXIT.ok;
  });
}

export function runHold(flags: HoldFlags, io: CliIo): Promise<number> {
  return withRuntime(flags, io, async ({ evidence, store, clock }) => {
    let pageId: number | null = null;
    if (flags.page !== undefined) {
      const url = pageUrl(flags.page, io, 'hold');
      if (url === null) return EXIT.usage;
      const page = await store.getPageByUrl(url);
      if (!page) {
        io.err(`mamori evidence hold: ${url} is not a watched page`);
        return EXIT.usage;
      }
      pageId = page.id;
    }
    const from = flags.from === undefined ? null : parseTimeArg(flags.from, 'start');
    const to = flags.to === undefined ? null : parseTimeArg(flags.to, 'end');
    if (typeof from === 'string' || typeof to === 'string') {
      io.err(`mamori evidence hold: ${typeof from === 'string' ? from : to}`);
      return EXIT.usage;
    }
    const { hold, entry } = await evidence.ledger.placeHold(
      { subject: flags.subject ?? 'manual', pageId, from, to, reason: flags.reason },
      clock.now(),
    );
    io.out(
      flags.json
        ? JSON.stringify(hold)
        : `Hold #${hold.id} placed (ledger entry #${entry.seq}): retention keeps what it covers until it is released.`,
    );
    return EXIT.ok;
  });
}

export function runRelease(id: string, flags: JsonFlags, io: CliIo): Promise<number> {
  if (!/^\d+$/.test(id)) {
    io.err(`mamori evidence release: ${id} is not a hold number`);
    return Promise.resolve(EXIT.usage);
  }
  return withRuntime(flags, io, async ({ evidence, clock }) => {
    const released = await evidence.ledger.releaseHold(Number(id), clock.now());
    if (!released) {
      io.err(`mamori evidence release: there is no open hold #${id}`);
      return EXIT.usage;
    }
    io.out(flags.json ? JSON.stringify(released.hold) : `Hold #${id} released (ledger entry #${released.entry.seq}).`);
    return EXIT.ok;
  });
}

export function runHolds(flags: JsonFlags, io: CliIo): Promise<number> {
  return withRuntime(flags, io, async ({ evidence }) => {
    const holds = await evidence.ledger.activeHolds();
    io.out(flags.json ? JSON.stringify(holds) : formatHolds(holds));
    return EXIT.ok;
  });
}

export function runLog(flags: LogFlags, io: CliIo): Promise<number> {
  const limit = Number(flags.limit);
  if (!Number.isSafeInteger(limit) || limit < 1) {
    io.err(`mamori evidence log: --limit must be a positive whole number`);
    return Promise.resolve(EXIT.usage);
  }
  const url = flags.page === undefined ? undefined : pageUrl(flags.page, io, 'log');
  if (url === null) return Promise.resolve(EXIT.usage);
  return withRuntime(flags, io, async ({ evidence }) => {
    const entries = await evidence.ledger.recent(limit, url);
    io.out(flags.json ? JSON.stringify(entries) : formatLedger(entries));
    return EXIT.ok;
  });
}

/** `mamori evidence anchor --out FILE`: the ledger head as a tail anchor, to keep where the database is not. */
export function runAnchor(flags: JsonFlags & { out: string }, io: CliIo): Promise<number> {
  return withRuntime(
    flags,
    io,
    async ({ evidence, clock }) => {
      const head = await evidence.ledger.head();
      if (head === null) {
        io.err('mamori evidence anchor: the ledger is empty: nothing to anchor');
        return EXIT.problem;
      }
      const anchor = await anchorFor(head, evidence.files, clock.now());
      try {
        await writeFile(flags.out, `${JSON.stringify(anchor)}\n`, { flag: 'wx' });
      } catch (err) {
        io.err(
          `mamori evidence anchor: cannot write ${flags.out} (${(err as { code?: string }).code ?? String(err)}): give a new file`,
        );
        return EXIT.usage;
      }
      io.out(
        flags.json
          ? JSON.stringify(anchor)
          : `Anchored entry #${anchor.seq} (${anchor.entryHash}) in ${flags.out}: check later with mamori evidence verify --anchor ${flags.out}`,
      );
      return EXIT.ok;
    },
    { existingStore: true },
  );
}

/** `mamori evidence timestamp`: stamp the ledger head now. 0 stamped or nothing new, 1 the TSA failed, 2 no TSA configured. */
export function runTimestamp(flags: JsonFlags, io: CliIo): Promise<number> {
  return withRuntime(flags, io, async ({ evidence, clock }, config) => {
    if (config.evidence.tsaUrl === '') {
      io.err('mamori evidence timestamp: no time-stamping authority is configured: set evidence.tsaUrl');
      return EXIT.usage;
    }
    const result = await stampLedgerHead(evidence.ledger, evidence.files, config.evidence.tsaUrl, () => clock.now());
    if ('error' in result) {
      io.err(`mamori evidence timestamp: ${result.error.message}`);
      return EXIT.problem;
    }
    if (flags.json) io.out(JSON.stringify(result));
    else if (result.stamped === null)
      io.out(
        result.reason === 'empty-ledger'
          ? 'The ledger is empty: nothing to stamp.'
          : 'Nothing new since the last time stamp.',
      );
    else
      io.out(
        `Ledger entry #${result.stamped.refersToSeq} stamped by ${config.evidence.tsaUrl} (ledger entry #${result.stamped.seq}).`,
      );
    return EXIT.ok;
  });
}

export function registerEvidence(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const evidence = program
    .command('evidence')
    .description('court-grade evidence: verify the custody ledger, export bundles, legal holds');
  const opts = (flags: object) => ({ ...program.opts<ConfigFlags>(), ...flags });
  evidence
    .command('verify')
    .description(
      're-hash every evidence file and ledger entry; name the first broken link (exit 0 intact, 1 problems, 2 usage/config)',
    )
    .option(
      '--anchor <file>',
      'also hold the ledger to a tail anchor kept elsewhere (from mamori evidence anchor --out)',
    )
    .option('--json', 'print the report as JSON')
    .action(async (flags: VerifyFlags) => setExit(await runVerify(opts(flags), io)));
  evidence
    .command('anchor')
    .description(
      'write the ledger head (seq, hash, count, time; with the TSA token when the head is a time stamp) to a new file to keep outside the database',
    )
    .requiredOption('--out <file>', 'a new file')
    .option('--json', 'print the anchor as JSON')
    .action(async (flags: JsonFlags & { out: string }) =>
      setExit(await runAnchor(opts(flags) as JsonFlags & { out: string }, io)),
    );
  evidence
    .command('export')
    .description(
      'write an evidence bundle for a page and time window, or an incident (exit 0 written, 1 nothing or damaged, 2 usage/config)',
    )
    .option('--page <url>', 'the page')
    .option('--from <time>', 'ISO 8601 start (a date means its UTC start)')
    .option('--to <time>', 'ISO 8601 end (a date means its UTC end; default now)')
    .option('--incident <id>', 'an incident instead of a page and window')
    .requiredOption('--out <dir>', 'a new or empty directory for the bundle')
    .option('--json', 'print the result as JSON')
    .action(async (flags: ExportFlags) => setExit(await runExport(opts(flags) as ExportFlags, io)));
  evidence
    .command('log')
    .description('the newest ledger entries, oldest first')
    .option('--page <url>', 'only entries about this page')
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print entries as JSON')
    .action(async (flags: LogFlags) => setExit(await runLog(opts(flags) as LogFlags, io)));
  evidence
    .command('timestamp')
    .description(
      'have the configured TSA (evidence.tsaUrl) stamp the ledger head now (exit 0, 1 TSA failed, 2 none configured)',
    )
    .option('--json', 'print the entry as JSON')
    .action(async (flags: JsonFlags) => setExit(await runTimestamp(opts(flags), io)));
  evidence
    .command('hold')
    .description('place a legal hold: retention keeps the evidence it covers until released')
    .option('--page <url>', 'only this page (default: every page)')
    .option('--from <time>', 'ISO 8601 start')
    .option('--to <time>', 'ISO 8601 end')
    .option('--subject <text>', 'who asked, e.g. case:2026-0173', 'manual')
    .requiredOption('--reason <text>', 'why')
    .option('--json', 'print the hold as JSON')
    .action(async (flags: HoldFlags) => setExit(await runHold(opts(flags) as HoldFlags, io)));
  evidence
    .command('holds')
    .description('list open legal holds')
    .option('--json', 'print holds as JSON')
    .action(async (flags: JsonFlags) => setExit(await runHolds(opts(flags), io)));
  evidence
    .command('release')
    .description('release a legal hold')
    .argument('<id>', 'hold number')
    .option('--json', 'print the hold as JSON')
    .action(async (id: string, flags: JsonFlags) => setExit(await runRelease(id, opts(flags), io)));
}
