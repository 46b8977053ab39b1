import type { Command } from 'commander';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../../app/logger.ts';
import { createDemoEstate } from '../../demo/estate.ts';
import { startEstateServer } from '../../demo/estate-server.ts';
import { demoAlertsConfig, demoEstateConfig } from '../../demo/demo-config.ts';
import { startSocReceiver } from '../../demo/soc-receiver.ts';
import { runDemo } from '../../demo/run-demo.ts';
import { startSiteWatchStory, withPortal } from '../../demo/site-watch-story.ts';
import { DEMO_ADMIN_PASSWORD } from '../../demo/demo-accounts.ts';
import { loadEstateTree } from '../../estate/estate-tree.ts';
import { loadCliConfig, type ConfigFlags } from '../config.ts';
import { EXIT, type CliIo } from '../io.ts';
import { stopSignal } from '../signals.ts';
import { formatEstateTree } from '../formatters/status.ts';
import { demoDashboardHint } from '../formatters/serve.ts';
import { describeIncidents } from '../../incidents/incident-rows.ts';
import { formatIncidents } from '../formatters/incidents.ts';

interface DemoFlags extends ConfigFlags {
  port?: string;
  exitWhenDone?: boolean;
  timeout?: string;
}

const DEMO_INTERVAL_SECONDS = 5;

/** `mamori demo`: a simulated government estate on loopback, watched by Mamori while three incidents strike. */
export async function runDemoCommand(
  flags: DemoFlags,
  io: CliIo,
  until: Promise<unknown> = stopSignal(),
): Promise<number> {
  const estate = createDemoEstate();
  const server = await startEstateServer(estate);
  const soc = await startSocReceiver();
  let closeAll: () => Promise<unknown> = () => Promise.all([server.close(), soc.close()]);
  const base = loadCliConfig(flags, io);
  if (!base) {
    await closeAll();
    return EXIT.usage;
  }
  const demoDir = join(base.dataDir, 'demo');
  rmSync(demoDir, { recursive: true, force: true }); // every demo starts from an empty watch
  mkdirSync(demoDir, { recursive: true });
  const story = await startSiteWatchStory(server, demoDir, DEMO_INTERVAL_SECONDS);
  const closeServers = closeAll;
  closeAll = () => Promise.all([closeServers(), story.close()]);
  const config = loadCliConfig(flags, io, {
    database: { url: `sqlite:${join(demoDir, 'mamori.db')}` },
    dataDir: demoDir,
    network: { allowLoopback: true },
    politeness: { perHostConcurrency: 4, minSpacingMs: 0 },
    scheduler: { defaultIntervalSeconds: DEMO_INTERVAL_SECONDS, tickMs: 100 },
    ...(flags.port !== undefined ? { server: { port: Number(flags.port) } } : {}),
    estate: withPortal(demoEstateConfig(estate, server, DEMO_INTERVAL_SECONDS), story),
    siteWatch: story.config,
    alerts: demoAlertsConfig(soc.url, server, Date.now()),
    auth: { adminPassword: DEMO_ADMIN_PASSWORD },
  });
  if (!config) {
    await closeAll();
    return EXIT.usage;
  }
  io.out('Mamori demo: a simulated government estate on loopback (Japanese pages in UTF-8, Shift_JIS and EUC-JP).');
  const run = await runDemo(config, createLogger({ log: { level: 'warn' } }), server, (line) => io.out(line), story);
  const limit = Number(flags.timeout ?? 180) * 1000;
  const detected = await Promise.race([run.allDetected.then(() => true), sleep(limit).then(() => false)]);
  const tree = await loadEstateTree(run.mamori.runtime.store, { problemsOnly: true, maxPagesPerSite: 20 });
  io.out(
    detected
      ? '\nAll incidents detected. Pages with problems:'
      : '\nNot every incident was detected in time. Pages with problems:',
  );
  io.out(formatEstateTree(tree, Date.now()));
  // What an analyst acts on: the verdicts rolled up into incidents, grouped into campaigns where they share a signature.
  const incidents = await run.mamori.runtime.incidents.store.list({ state: 'active', limit: 50 });
  io.out('\nIncidents opened (as `mamori incidents` lists them):');
  io.out(formatIncidents(await describeIncidents(run.mamori.runtime.store, incidents), Date.now()));
  io.out(
    `\nThe demo's database stays in ${demoDir}: MAMORI_DATABASE_URL=sqlite:${join(demoDir, 'mamori.db')} npx mamori status`,
  );
  // The dashboard, not an API address: a browser gets the sign-in page there, where the API answers 401.
  if (run.mamori.server) io.out(`\n${demoDashboardHint(run.mamori.server.url, DEMO_ADMIN_PASSWORD)}`);
  if (!flags.exitWhenDone && detected) {
    io.out('Still watching. Ctrl-C stops.');
    await until;
  }
  await run.stop();
  await closeAll();
  return detected ? EXIT.ok : EXIT.problem;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}

export function registerDemo(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('demo')
    .description('run a simulated government estate on loopback and watch three incidents get detected')
    .option('--port <port>', 'API port (overrides server.port)')
    .option('--exit-when-done', 'exit once all incidents are detected (exit 1 if not within --timeout)')
    .option('--timeout <seconds>', 'give up waiting for detections after this long', '180')
    .action(async (flags: DemoFlags) =>
      setExit(await runDemoCommand({ ...program.opts<ConfigFlags>(), ...flags }, io)),
    );
}
