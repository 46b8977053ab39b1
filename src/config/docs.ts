import { CONFIG_FILE_ENV_VAR, DEFAULT_CONFIG_FILE, envVarName } from './env.ts';
import { CONFIG_KEYS, type ConfigKey } from './keys.ts';

/** The precedence rule, worded once for the README and `--help`. */
export const CONFIG_PRECEDENCE =
  'Each setting comes from the highest of: command-line flags > MAMORI_* environment variables > the config file (mamori.yaml, or MAMORI_CONFIG) > built-in defaults.';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string): string => `\`${text}\``;

function renderDefault(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? code('[]') : code(value.join(','));
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return code(String(value));
  return '—';
}

function renderType(key: ConfigKey): string {
  if (key.choices !== null) return key.choices.map(code).join(' | ');
  if (key.kind === 'list') return 'list (comma-separated in env)';
  if (key.kind === 'file-only') return `list of ${key.segments.at(-1) ?? 'entries'}`;
  return key.kind;
}

/** Markdown reference table of every configuration key, generated from the schema so the README never drifts from it. */
export function renderConfigTable(): string {
  const rows = [
    '| Key | Environment variable | Type | Default | Description |',
    '| --- | --- | --- | --- | --- |',
    `| — | ${code(CONFIG_FILE_ENV_VAR)} | string | ${code(DEFAULT_CONFIG_FILE)} | Config file to read. A missing default file is fine; a named one must exist. |`,
  ];
  for (const key of CONFIG_KEYS) {
    const envVar = key.kind === 'file-only' ? '— (file only)' : code(envVarName(key.path));
    rows.push(
      `| ${code(key.path)} | ${envVar} | ${cell(renderType(key))} | ${renderDefault(key.defaultValue)} | ${cell(key.description)} |`,
    );
  }
  return rows.join('\n');
}
