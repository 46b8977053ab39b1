import { describe, expect, it } from 'vitest';
import { renderConfigTable } from './docs.ts';
import { ENV_VARS } from './env.ts';
import { CONFIG_KEYS } from './keys.ts';

describe('renderConfigTable', () => {
  const table = renderConfigTable();
  const rows = table.split('\n');

  it('has a header, the MAMORI_CONFIG row and one row per key', () => {
    expect(rows[0]).toBe('| Key | Environment variable | Type | Default | Description |');
    expect(rows).toHaveLength(2 + 1 + CONFIG_KEYS.length);
    for (const { key, envVar } of ENV_VARS) expect(table).toContain(`| \`${key}\` | \`${envVar}\` |`);
  });

  it('shows defaults, enum choices and the file-only estate', () => {
    expect(table).toContain('| `fetch.maxBodyBytes` | `MAMORI_FETCH_MAX_BODY_BYTES` | integer | `10485760` |');
    expect(table).toContain('`fatal` \\| `error`');
    expect(table).toMatch(/\| `estate\.organisations` \| — \(file only\) \|/);
  });

  it('keeps every row at five cells (no stray pipes from descriptions)', () => {
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(7);
  });

  it('documents every key', () => {
    for (const key of CONFIG_KEYS) expect(key.description.length).toBeGreaterThan(10);
  });
});
