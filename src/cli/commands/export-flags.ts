/** What every `mamori export …` command takes to say which evidence it exports, and how it reads ids. */
import type { ConfigFlags } from '../config.ts';
import type { CliIo } from '../io.ts';

export interface ExportScopeFlags extends ConfigFlags {
  incident?: string;
  campaign?: string;
  from?: string;
  to?: string;
  out?: string;
}

/** An id flag: undefined when absent, null (with the reason printed) when not a positive whole number. */
export function positiveId(value: string | undefined, flag: string, io: CliIo): number | undefined | null {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (Number.isInteger(n) && n > 0) return n;
  io.err(`${flag} must be a positive whole number (an id from mamori incidents --json)`);
  return null;
}
