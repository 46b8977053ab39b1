import { formatPath, type Diagnostic } from './diagnostic.ts';
import { CONFIG_KEYS, type KeyKind } from './keys.ts';
import { closestMatch } from './suggest.ts';

/*
 * The only module that reads process.env (eslint enforces it). Everything else receives values
 * through loadConfig, so tests pass their own environment and nothing depends on the host's.
 */

export const ENV_PREFIX = 'MAMORI_';

/** Names the config file; not a key of the config itself. */
export const CONFIG_FILE_ENV_VAR = 'MAMORI_CONFIG';
export const DEFAULT_CONFIG_FILE = './mamori.yaml';

export type EnvRecord = Readonly<Record<string, string | undefined>>;

export interface EnvVarEntry {
  /** Config key path, e.g. `fetch.totalTimeoutMs`. */
  key: string;
  /** e.g. `MAMORI_FETCH_TOTAL_TIMEOUT_MS`. */
  envVar: string;
  kind: Exclude<KeyKind, 'file-only'>;
}

/** `fetch.totalTimeoutMs` → `MAMORI_FETCH_TOTAL_TIMEOUT_MS`: mechanical, so names never need looking up. */
export function envVarName(keyPath: string): string {
  const snake = keyPath
    .split('.')
    .map((segment) =>
      segment
        .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
        .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
        .toUpperCase(),
    )
    .join('_');
  return ENV_PREFIX + snake;
}

/** One variable per scalar key (file-only keys such as the estate have none). */
export const ENV_VARS: readonly EnvVarEntry[] = Object.freeze(
  CONFIG_KEYS.flatMap((key) =>
    key.kind === 'file-only' ? [] : [{ key: key.path, envVar: envVarName(key.path), kind: key.kind }],
  ),
);

export interface EnvLayer {
  /** Nested partial config built from the variables that were set and valid. */
  values: Record<string, unknown>;
  /** Config key path → the variable that set it, for attributing later validation problems. */
  setBy: ReadonlyMap<string, string>;
  /** Value of MAMORI_CONFIG, when set. */
  configFile: string | undefined;
  problems: Diagnostic[];
  warnings: Diagnostic[];
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Shows a bad value without letting a huge or multi-line one swamp the report. */
function quote(raw: string): string {
  const short = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  return JSON.stringify(short);
}

type Coerced = { ok: true; value: unknown } | { ok: false; message: string };

function coerce(kind: EnvVarEntry['kind'], raw: string, envVar: string): Coerced {
  const text = raw.trim();
  switch (kind) {
    case 'integer':
    case 'number':
      // Number('') is 0 and Number('0x10') is 16: accept decimal notation only.
      return NUMBER.test(text)
        ? { ok: true, value: Number(text) }
        : { ok: false, message: `${envVar}=${quote(raw)} is not a number` };
    case 'boolean': {
      const lower = text.toLowerCase();
      if (lower === 'true' || lower === '1') return { ok: true, value: true };
      if (lower === 'false' || lower === '0') return { ok: true, value: false };
      return { ok: false, message: `${envVar}=${quote(raw)} is not a boolean (use true, false, 1 or 0)` };
    }
    case 'list':
      return {
        ok: true,
        value: text
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item !== ''),
      };
    case 'string':
    case 'enum':
      return { ok: true, value: text };
  }
}

function setIn(target: Record<string, unknown>, segments: readonly string[], value: unknown): void {
  let node = target;
  for (const segment of segments.slice(0, -1)) {
    const next = node[segment];
    if (typeof next === 'object' && next !== null) node = next as Record<string, unknown>;
    else node = node[segment] = {};
  }
  const last = segments[segments.length - 1];
  if (last !== undefined) node[last] = value;
}

/**
 * Reads every MAMORI_* variable. An empty variable counts as unset (a common result of `${VAR}`
 * substitution in compose files). Bad values become problems naming the variable, and their keys are
 * left out so the rest of the configuration can still be validated in the same pass. Unknown
 * MAMORI_* variables are warnings: most likely typos, but not worth refusing to start over.
 * MAMORI_TEST_* variables are left alone: the test suites use them.
 */
export function readEnv(env: EnvRecord = process.env): EnvLayer {
  const values: Record<string, unknown> = {};
  const setBy = new Map<string, string>();
  const problems: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  for (const entry of ENV_VARS) {
    const raw = env[entry.envVar];
    if (raw === undefined || raw.trim() === '') continue;
    const result = coerce(entry.kind, raw, entry.envVar);
    if (!result.ok) {
      problems.push({ path: formatPath(entry.key.split('.')), message: result.message, source: 'env' });
      continue;
    }
    setIn(values, entry.key.split('.'), result.value);
    setBy.set(entry.key, entry.envVar);
  }

  const known = new Set([CONFIG_FILE_ENV_VAR, ...ENV_VARS.map((entry) => entry.envVar)]);
  for (const name of Object.keys(env).sort()) {
    // MAMORI_TEST_* belongs to the test suites (database and Redis URLs), not to the application.
    if (!name.startsWith(ENV_PREFIX) || known.has(name) || name.startsWith(`${ENV_PREFIX}TEST_`)) continue;
    const guess = closestMatch(name, known);
    const hint = guess === null ? 'it is ignored' : `it is ignored; did you mean ${guess}?`;
    warnings.push({ path: name, message: `unknown Mamori variable: ${hint}`, source: 'env' });
  }

  const configFile = env[CONFIG_FILE_ENV_VAR]?.trim();
  return { values, setBy, configFile: configFile === '' ? undefined : configFile, problems, warnings };
}
