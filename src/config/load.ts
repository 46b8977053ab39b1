import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { type Diagnostic } from './diagnostic.ts';
import { DEFAULT_CONFIG_FILE, readEnv, type EnvRecord } from './env.ts';
import { issuesToDiagnostics } from './issues.ts';
import { deepMerge, layerHas } from './merge.ts';
import { readConfigFile } from './read-file.ts';
import { resolveConfig } from './resolve.ts';
import { configSchema, type ConfigOverrides, type MamoriConfig } from './schema.ts';

export interface LoadConfigOptions {
  /** Config file path (e.g. from --config). Named explicitly, it must exist. Else MAMORI_CONFIG, else ./mamori.yaml if present. */
  file?: string;
  /** Environment to read; defaults to process.env (read only in env.ts). */
  env?: EnvRecord;
  /** Highest-precedence values, typically CLI flags. */
  overrides?: ConfigOverrides;
  /** Directory relative paths are resolved against when they do not come from the file; defaults to process.cwd(). */
  cwd?: string;
}

export type LoadConfigResult =
  | { ok: true; config: MamoriConfig; warnings: Diagnostic[]; source: { file: string | null } }
  | { ok: false; problems: Diagnostic[]; warnings: Diagnostic[] };

/** Short, clickable file name for messages: relative to cwd when inside it. */
function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/**
 * Loads the configuration. Precedence, lowest to highest: built-in defaults < config file <
 * MAMORI_* environment variables < overrides. Every problem in the file, the environment and the
 * overrides is collected in one pass; nothing is thrown for bad input.
 */
export function loadConfig(options: LoadConfigOptions = {}): LoadConfigResult {
  const cwd = options.cwd ?? process.cwd();
  const env = readEnv(options.env);
  const named = options.file ?? env.configFile;
  const file = resolve(cwd, named ?? DEFAULT_CONFIG_FILE);
  const fileLayer = readConfigFile(file, displayPath(file, cwd), named !== undefined);

  const overrides: unknown = options.overrides ?? {};
  const merged = deepMerge(deepMerge(fileLayer.values, env.values), overrides);
  const parsed = configSchema.safeParse(merged);

  const problems = [
    ...fileLayer.problems,
    ...env.problems,
    ...(parsed.success
      ? []
      : issuesToDiagnostics(parsed.error.issues, {
          overrides,
          env: env.values,
          envSetBy: env.setBy,
          locateInFile: fileLayer.locate,
        })),
  ];
  const warnings = [...fileLayer.warnings, ...env.warnings];
  if (!parsed.success || problems.length > 0) return { ok: false, problems, warnings };

  // A path written in the file is relative to the file; one typed on a command line or set in the
  // environment is relative to where the command runs. Defaults follow the file when there is one.
  const fileDir = fileLayer.found ? dirname(file) : cwd;
  const baseFor = (segments: string[]): string =>
    layerHas(overrides, segments) || layerHas(env.values, segments) ? cwd : fileDir;
  const config = resolveConfig(parsed.data, { dataDir: baseFor(['dataDir']), database: baseFor(['database', 'url']) });
  return { ok: true, config, warnings, source: { file: fileLayer.found ? file : null } };
}
