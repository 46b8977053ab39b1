import { formatDiagnostics } from '../config/format-diagnostics.ts';
import { loadConfig } from '../config/load.ts';
import type { ConfigOverrides, MamoriConfig } from '../config/schema.ts';
import type { CliIo } from './io.ts';

export interface ConfigFlags {
  config?: string;
}

/**
 * Load the configuration for a command, printing every problem and returning null on failure
 * (the command then exits 2 without touching any data).
 */
export function loadCliConfig(flags: ConfigFlags, io: CliIo, overrides: ConfigOverrides = {}): MamoriConfig | null {
  const result = loadConfig({ ...(flags.config ? { file: flags.config } : {}), overrides });
  if (result.warnings.length > 0) io.err(formatDiagnostics(result.warnings));
  if (!result.ok) {
    io.err(
      `Configuration has ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}; nothing was started:`,
    );
    io.err(formatDiagnostics(result.problems));
    return null;
  }
  return result.config;
}
