import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from './load.ts';

describe('api.* and import.* keys', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mamori-cfg-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads trusted proxies and limits from the environment', () => {
    const result = loadConfig({
      cwd: dir,
      env: {
        MAMORI_API_TRUSTED_PROXIES: '10.0.0.0/8,192.0.2.1,::1',
        MAMORI_IMPORT_MAX_TARGETS: '1234',
        MAMORI_API_BODY_LIMIT_BYTES: '65536',
      },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.config.api.trustedProxies).toEqual(['10.0.0.0/8', '192.0.2.1', '::1']);
    expect(result.config.import.maxTargets).toBe(1234);
    expect(result.config.api.bodyLimitBytes).toBe(65_536);
  });

  it('reports a trusted proxy that is a name, not an address', () => {
    const result = loadConfig({ cwd: dir, env: { MAMORI_API_TRUSTED_PROXIES: 'proxy.internal' } });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).toContain('api.trustedProxies');
  });
});
