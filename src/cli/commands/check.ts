import type { Command } from 'commander';
import { openRuntime } from '../../app/runtime.ts';
import { createLogger } from '../../app/logger.ts';
import { parseTarget } from '../../estate/origin.ts';
import { loadCliConfig, type ConfigFlags } from '../config.ts';
import { EXIT, type CliIo } from '../io.ts';
import { formatCheckReport, type CheckReport } from '../formatters/verdict.ts';

interface CheckFlags extends ConfigFlags {
  json?: boolean;
}

/** `mamori check <url>`: one check of one page, judged against its stored baseline when it has one. Nothing is recorded. */
export async function runCheck(url: string, flags: CheckFlags, io: CliIo): Promise<number> {
  const target = parseTarget(url);
  if (!target) {
    io.err(`mamori check: not an absolute http(s) URL: ${url}`);
    return EXIT.usage;
  }
  const config = loadCliConfig(flags, io);
  if (!config) return EXIT.usage;
  const runtime = await openRuntime(config, createLogger({ log: { level: 'warn' } }));
  try {
    const page = await runtime.store.getPageByUrl(target.url);
    // The same judgement as the watch's: its baseline, last body and standing verdict.
    const { probe, assessment } = await runtime.checks.checkWithoutRecording(target.url, page);
    const report: CheckReport = {
      url: target.url,
      finalUrl: probe.fetch.ok ? probe.fetch.page.finalUrl : null,
      outcome: assessment.outcome,
      httpStatus: probe.fetch.ok ? probe.fetch.page.status : probe.fetch.failure.status,
      durationMs: probe.durationMs,
      bodyBytes: probe.body?.length ?? null,
      charset: probe.fetch.ok ? probe.fetch.page.charset : null,
      verdict: assessment.verdict,
      baselineSamples: page?.baseline?.samples ?? 0,
    };
    io.out(flags.json ? JSON.stringify(report) : formatCheckReport(report));
    // A refused request is our configuration's doing, not the target's.
    if (!probe.fetch.ok && probe.fetch.failure.action === 'misconfigured') return EXIT.usage;
    return ['down', 'suspicious', 'tampered'].includes(assessment.verdict.kind) ? EXIT.problem : EXIT.ok;
  } finally {
    await runtime.close();
  }
}

export function registerCheck(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('check')
    .description('check one page now and print the verdict (exit 0 ok, 1 problem found, 2 usage or config error)')
    .argument('<url>', 'page URL')
    .option('--json', 'print the result as JSON')
    .action(async (url: string, flags: CheckFlags) =>
      setExit(await runCheck(url, { ...program.opts<ConfigFlags>(), ...flags }, io)),
    );
}
