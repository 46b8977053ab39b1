import { Command, CommanderError } from 'commander';
import { VERSION } from '../app/version.ts';
import { EXIT, processIo, type CliIo } from './io.ts';
import { registerBench } from './commands/bench.ts';
import { registerCheck } from './commands/check.ts';
import { registerDemo } from './commands/demo.ts';
import { registerDiscover } from './commands/discover.ts';
import { registerEvidence } from './commands/evidence.ts';
import { registerExport } from './commands/export.ts';
import { registerImport } from './commands/import.ts';
import { registerIncidents } from './commands/incidents.ts';
import { registerIntel } from './commands/intel.ts';
import { registerProbe } from './commands/probe.ts';
import { registerServe } from './commands/serve.ts';
import { registerStatus } from './commands/status.ts';
import { registerTargets } from './commands/targets.ts';
import { registerWorker } from './commands/worker.ts';
import { registerUsers } from './commands/users.ts';
import { describeError } from './describe-error.ts';

/** Builds the command tree. Commands are thin: they parse flags, call a service, print a formatter's output. */
export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('mamori')
    .description(
      'Mamori (守り): watches every page of a government web estate for outages, defacement and hidden tampering.',
    )
    .version(VERSION)
    .option('-c, --config <file>', 'config file (default: $MAMORI_CONFIG or ./mamori.yaml)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  registerServe(program, io, setExit);
  registerWorker(program, io, setExit);
  registerCheck(program, io, setExit);
  registerStatus(program, io, setExit);
  registerImport(program, io, setExit);
  registerDiscover(program, io, setExit);
  registerIncidents(program, io, setExit);
  registerIntel(program, io, setExit);
  registerEvidence(program, io, setExit);
  registerExport(program, io, setExit);
  registerDemo(program, io, setExit);
  registerBench(program, io, setExit);
  registerUsers(program, io, setExit);
  registerTargets(program, io, setExit);
  registerProbe(program, io, setExit);
  return program;
}

/** Runs the CLI and returns the exit code: 0 ok, 1 problem found, 2 usage or configuration error. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(argv);
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version "fail" with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    io.err(`mamori: ${describeError(error)}`);
    return EXIT.usage;
  }
}
