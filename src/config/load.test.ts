import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Diagnostic } from './diagnostic.ts';
import { loadConfig, type LoadConfigOptions, type LoadConfigResult } from './load.ts';
import { type MamoriConfig } from './schema.ts';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mamori-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writeYaml(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Loads with an empty environment and the temp dir as cwd unless the test says otherwise. */
function load(options: LoadConfigOptions = {}): LoadConfigResult {
  return loadConfig({ env: {}, cwd: dir, ...options });
}

function expectOk(result: LoadConfigResult): MamoriConfig {
  if (!result.ok) throw new Error(`expected a valid config, got:\n${JSON.stringify(result.problems, null, 2)}`);
  return result.config;
}

function expectProblems(result: LoadConfigResult): Diagnostic[] {
  if (result.ok) throw new Error('expected problems, got a valid config');
  return result.problems;
}

describe('defaults', () => {
  it('parse with no file, no environment and no overrides', () => {
    const result = load();
    const config = expectOk(result);
    expect(config).toEqual({
      server: { host: '127.0.0.1', port: 8080 },
      database: { url: `sqlite:${join(dir, 'data/mamori.db')}` },
      dataDir: join(dir, 'data'),
      log: { level: 'info' },
      fetch: {
        userAgent: 'Mamori/0.1 (+https://github.com/mamori; web integrity monitor)',
        connectTimeoutMs: 10_000,
        headersTimeoutMs: 15_000,
        totalTimeoutMs: 30_000,
        maxBodyBytes: 10 * 1024 * 1024,
        maxDecodedBytes: 32 * 1024 * 1024,
        maxRedirects: 10,
      },
      network: { allowLoopback: false, allowPrivate: false, allowCidrs: [] },
      politeness: { perHostConcurrency: 2, minSpacingMs: 500 },
      scheduler: { defaultIntervalSeconds: 300, jitterRatio: 0.1, maxConcurrency: 16, tickMs: 250 },
      baseline: { minSamples: 3 },
      analysis: { workers: 0, timeoutMs: 10_000, maxMemoryMb: 128 },
      retention: { checksPerPage: 2000, bodiesPerPage: 50, checkDays: 7, hourlyDays: 90, dailyDays: 1825 },
      evidence: { enabled: true, sampleHours: 24, retentionDays: 400, tsaUrl: '', timestampMinutes: 60, anchorDir: '' },
      metrics: { enabled: true, token: '' },
      auth: { adminPassword: '', sessionTtlHours: 12, cookieSecure: false, loginAttempts: 5, loginWindowMinutes: 15 },
      api: { trustedProxies: [], bodyLimitBytes: 1_048_576, authBodyLimitBytes: 16_384 },
      import: { maxTargets: 50_000, maxSitemaps: 100 },
      incidents: { restoreAfterChecks: 2, campaignWindowHours: 72 },
      alerts: {
        channels: [],
        routes: [],
        maintenance: [],
        maxAttempts: 12,
        retryBaseMs: 2000,
        retryMaxMs: 900_000,
        pollMs: 1000,
        timeoutMs: 10_000,
      },
      render: {
        enabled: true,
        executablePath: '/usr/bin/chromium',
        concurrency: 3,
        timeoutMs: 30_000,
        recyclePagesAfter: 50,
        restartBrowserAfter: 1000,
        deepIntervalHours: 6,
      },
      queue: { backend: 'in-process', redisUrl: 'redis://127.0.0.1:6379', prefix: 'bull' },
      intel: {
        feeds: [],
        keywords: [],
        sectors: {},
        heightenedHours: 72,
        heightenedIntervalSeconds: 60,
        renderOnHeightened: true,
        claimPages: 5,
        claimWindowHours: 24,
      },
      exports: {
        tlp: 'amber',
        pap: 'amber',
        misp: { orgName: 'Mamori', distribution: 0 },
        thehive: { url: '', apiKey: '', organisation: '', timeoutMs: 15_000, retries: 2 },
      },
      siteWatch: {
        enabled: true,
        intervalSeconds: 900,
        resolvers: [],
        timeoutMs: 5000,
        learnSamples: 3,
        renewalDays: 30,
        expiryDays: [30, 14, 7],
        rdapIntervalHours: 12,
        names: {},
      },
      statusPage: {
        enabled: false,
        host: '127.0.0.1',
        port: 8090,
        organisations: [],
        title: 'Service status',
        showPageUrls: false,
        maxAgeSeconds: 60,
        announcements: [],
      },
      vantage: {
        name: 'local',
        probes: [],
        confirm: 'any',
        confirmWithinSeconds: 300,
        leaseSeconds: 60,
        probeToken: '',
      },
      estate: { organisations: [] },
    });
    expect(result.ok && result.source.file).toBeNull();
    // The implicit ./mamori.yaml being absent is noted, not fatal.
    expect(result.ok && result.warnings).toEqual([
      { path: 'mamori.yaml', message: expect.stringContaining('no config file') as string, source: 'file' },
    ]);
  });

  it('is deeply frozen', () => {
    const config = expectOk(load());
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.fetch)).toBe(true);
    expect(Object.isFrozen(config.network.allowCidrs)).toBe(true);
  });

  it('accepts an empty file as all defaults', () => {
    const file = writeYaml('mamori.yaml', '# nothing yet\n');
    const result = load();
    expect(expectOk(result).server.port).toBe(8080);
    expect(result.ok && result.source.file).toBe(file);
    expect(result.ok && result.warnings).toEqual([]);
  });
});

describe('precedence: defaults < file < environment < overrides', () => {
  it('takes each key from the highest layer that sets it', () => {
    writeYaml(
      'mamori.yaml',
      [
        'server: { host: 0.0.0.0, port: 1000 }',
        'log: { level: warn }',
        'fetch: { maxRedirects: 3 }',
        'scheduler: { tickMs: 100 }',
        'network: { allowCidrs: [10.0.0.0/8] }',
      ].join('\n'),
    );
    const config = expectOk(
      load({
        env: {
          MAMORI_SERVER_PORT: '2000',
          MAMORI_LOG_LEVEL: 'debug',
          MAMORI_SCHEDULER_TICK_MS: '200',
          MAMORI_NETWORK_ALLOW_CIDRS: '192.168.0.0/16,fd00::/8',
        },
        // An absent CLI flag arrives as undefined and must not clobber lower layers.
        overrides: { server: { port: 3000, host: undefined }, scheduler: { tickMs: undefined } },
      }),
    );
    expect(config.server.port).toBe(3000); // override beats env and file
    expect(config.server.host).toBe('0.0.0.0'); // file, since the override was undefined
    expect(config.log.level).toBe('debug'); // env beats file
    expect(config.scheduler.tickMs).toBe(200); // env, override undefined
    expect(config.fetch.maxRedirects).toBe(3); // file beats default
    expect(config.fetch.totalTimeoutMs).toBe(30_000); // default
    expect(config.network.allowCidrs).toEqual(['192.168.0.0/16', 'fd00::/8']); // lists replace, never merge
  });

  it('reads the file named by MAMORI_CONFIG, and an explicit file over that', () => {
    mkdirSync(join(dir, 'etc'));
    writeYaml('etc/a.yaml', 'server: { port: 1111 }\n');
    writeYaml('etc/b.yaml', 'server: { port: 2222 }\n');
    expect(expectOk(load({ env: { MAMORI_CONFIG: 'etc/a.yaml' } })).server.port).toBe(1111);
    expect(expectOk(load({ env: { MAMORI_CONFIG: 'etc/a.yaml' }, file: join(dir, 'etc/b.yaml') })).server.port).toBe(
      2222,
    );
  });

  it('treats an explicitly named missing file as a problem', () => {
    expect(expectProblems(load({ file: 'nope.yaml' }))).toEqual([
      { path: 'nope.yaml', message: 'config file not found', source: 'file' },
    ]);
    expect(expectProblems(load({ env: { MAMORI_CONFIG: 'nope.yaml' } }))[0]?.message).toBe('config file not found');
  });
});

describe('paths', () => {
  it('resolves file values against the file directory, env and override values against cwd', () => {
    mkdirSync(join(dir, 'conf'));
    const file = writeYaml('conf/mamori.yaml', 'dataDir: ./store\ndatabase: { url: "sqlite:db/m.db" }\n');
    const fromFile = expectOk(load({ file }));
    expect(fromFile.dataDir).toBe(join(dir, 'conf/store'));
    expect(fromFile.database.url).toBe(`sqlite:${join(dir, 'conf/db/m.db')}`);

    const fromEnv = expectOk(
      load({ file, env: { MAMORI_DATA_DIR: 'elsewhere' }, overrides: { database: { url: 'sqlite:x.db' } } }),
    );
    expect(fromEnv.dataDir).toBe(join(dir, 'elsewhere'));
    expect(fromEnv.database.url).toBe(`sqlite:${join(dir, 'x.db')}`);
  });

  it('resolves defaults against the file directory when there is a file', () => {
    mkdirSync(join(dir, 'conf'));
    const file = writeYaml('conf/mamori.yaml', 'server: { port: 1 }\n');
    expect(expectOk(load({ file })).dataDir).toBe(join(dir, 'conf/data'));
  });

  it('leaves postgres URLs and in-memory sqlite alone', () => {
    const pg = 'postgres://mamori:pw@db.internal:5432/mamori';
    expect(expectOk(load({ env: { MAMORI_DATABASE_URL: pg } })).database.url).toBe(pg);
    expect(expectOk(load({ overrides: { database: { url: 'sqlite::memory:' } } })).database.url).toBe(
      'sqlite::memory:',
    );
  });
});

describe('estate resolution', () => {
  it('derives origins and names, keeps declared intervals (null = inherit) and canonicalises URLs', () => {
    writeYaml(
      'mamori.yaml',
      `
estate:
  organisations:
    - slug: digital-agency
      name: Digital Agency
      sites:
        - intervalSeconds: 30
          pages:
            - https://WWW.Example.go.jp/
            - { url: "https://www.example.go.jp/news#latest", intervalSeconds: 10 }
        - origin: https://court.example.go.jp/
          name: Court
          pages: [https://court.example.go.jp/お知らせ/]
`,
    );
    const [org] = expectOk(load()).estate.organisations;
    expect(org).toEqual({
      slug: 'digital-agency',
      name: 'Digital Agency',
      aliases: [],
      sectors: [],
      sites: [
        {
          origin: 'https://www.example.go.jp',
          name: 'www.example.go.jp',
          intervalSeconds: 30,
          pages: [
            { url: 'https://www.example.go.jp/', intervalSeconds: null },
            { url: 'https://www.example.go.jp/news', intervalSeconds: 10 },
          ],
        },
        {
          origin: 'https://court.example.go.jp',
          name: 'Court',
          intervalSeconds: null,
          pages: [{ url: 'https://court.example.go.jp/%E3%81%8A%E7%9F%A5%E3%82%89%E3%81%9B/', intervalSeconds: null }],
        },
      ],
    });
  });
});

describe('problems', () => {
  it('reports every problem in file and environment at once, each with its path and source', () => {
    writeYaml(
      'mamori.yaml',
      `server:
  port: 70000
  hots: 0.0.0.0
network:
  allowCidrs: [10.0.0.0/8, 10.0.0.0/33, not-a-range]
estate:
  organisations:
    - slug: ministry
      name: Ministry
      sites:
        - origin: https://www.ministry.example.go.jp
          pages:
            - ftp://www.ministry.example.go.jp/
            - https://other.example.go.jp/page
            - https://www.ministry.example.go.jp/a
            - https://www.ministry.example.go.jp/a
            - { url: https://www.ministry.example.go.jp/b, intervalSeconds: 1 }
        - origin: https://www.ministry.example.go.jp
          pages: []
        - name: no pages, no origin
          pages: []
    - slug: ministry
      name: Same slug
      sites: []
    - slug: Bad_Slug
      name: Bad slug
      sites: []
`,
    );
    const problems = expectProblems(
      load({ env: { MAMORI_FETCH_TOTAL_TIMEOUT_MS: 'soon', MAMORI_NETWORK_ALLOW_LOOPBACK: 'yes' } }),
    );
    const summary = problems.map((p) => `${p.path} (${p.source})`);
    expect(summary.sort()).toEqual(
      [
        'server.port (file)',
        'server.hots (file)',
        'network.allowCidrs[1] (file)',
        'network.allowCidrs[2] (file)',
        'estate.organisations[0].sites[0].pages[0] (file)',
        'estate.organisations[0].sites[0].pages[1] (file)',
        'estate.organisations[0].sites[0].pages[3] (file)',
        'estate.organisations[0].sites[0].pages[4].intervalSeconds (file)',
        'estate.organisations[0].sites[1].origin (file)',
        'estate.organisations[0].sites[2] (file)',
        'estate.organisations[1].slug (file)',
        'estate.organisations[2].slug (file)',
        'fetch.totalTimeoutMs (env)',
        'network.allowLoopback (env)',
      ].sort(),
    );
    const byPath = (path: string): Diagnostic | undefined => problems.find((p) => p.path === path);
    expect(byPath('server.port')).toMatchObject({
      message: 'must be a whole number from 0 to 65535',
      location: 'mamori.yaml:2:3',
    });
    expect(byPath('server.hots')).toMatchObject({
      message: 'unknown key; did you mean "host"?',
      location: 'mamori.yaml:3:3',
    });
    expect(byPath('network.allowCidrs[1]')?.message).toContain('CIDR');
    expect(byPath('estate.organisations[0].sites[0].pages[0]')?.message).toContain('must use http or https');
    expect(byPath('estate.organisations[0].sites[0].pages[1]')?.message).toBe(
      "https://other.example.go.jp/page is outside this site's origin https://www.ministry.example.go.jp; put it under a site for https://other.example.go.jp",
    );
    expect(byPath('estate.organisations[0].sites[0].pages[3]')?.message).toBe(
      'duplicate page URL "https://www.ministry.example.go.jp/a" (first at estate.organisations[0].sites[0].pages[2])',
    );
    expect(byPath('estate.organisations[0].sites[1].origin')?.message).toContain('duplicate site origin');
    expect(byPath('estate.organisations[0].sites[2]')?.message).toBe('a site needs an origin or at least one page');
    expect(byPath('estate.organisations[1].slug')).toMatchObject({
      message: 'duplicate organisation slug "ministry" (first at estate.organisations[0].slug)',
      location: 'mamori.yaml:22:7',
    });
    expect(byPath('fetch.totalTimeoutMs')?.message).toBe('MAMORI_FETCH_TOTAL_TIMEOUT_MS="soon" is not a number');
    expect(byPath('network.allowLoopback')?.message).toContain('MAMORI_NETWORK_ALLOW_LOOPBACK="yes"');
  });

  it('reports a YAML syntax error with line and column, alongside environment problems', () => {
    writeYaml('mamori.yaml', 'server:\n  port: 8080\n  host: [127.0.0.1\nlog: {\n');
    const problems = expectProblems(load({ env: { MAMORI_SERVER_PORT: 'x' } }));
    const yaml = problems.filter((p) => p.source === 'file');
    expect(yaml.length).toBeGreaterThan(0);
    expect(yaml[0]?.message).toMatch(/^YAML /);
    expect(yaml[0]?.location).toMatch(/^mamori\.yaml:\d+:\d+$/);
    expect(problems.some((p) => p.source === 'env' && p.path === 'server.port')).toBe(true);
  });

  it('reports duplicate YAML keys with their line', () => {
    writeYaml('mamori.yaml', 'server:\n  port: 1\n  port: 2\n');
    expect(expectProblems(load())).toEqual([
      { path: 'mamori.yaml', message: 'YAML Map keys must be unique', source: 'file', location: 'mamori.yaml:3:3' },
    ]);
  });

  it('rejects a file that is not a mapping', () => {
    writeYaml('mamori.yaml', '- server\n');
    expect(expectProblems(load())[0]).toMatchObject({ path: '(root)', source: 'file' });
  });

  it('blames out-of-range values on the layer that set them', () => {
    writeYaml('mamori.yaml', 'scheduler: { jitterRatio: 0.2 }\n');
    const problems = expectProblems(
      load({ env: { MAMORI_SERVER_PORT: '99999' }, overrides: { scheduler: { jitterRatio: 0.9 } } }),
    );
    expect(problems).toEqual([
      { path: 'server.port', message: 'MAMORI_SERVER_PORT: must be a whole number from 0 to 65535', source: 'env' },
      { path: 'scheduler.jitterRatio', message: 'must be a number from 0 to 0.5', source: 'override' },
    ]);
  });

  it('reports unknown top-level keys and wrong section types', () => {
    writeYaml('mamori.yaml', 'sever: { port: 1 }\nfetch: 5\n');
    const problems = expectProblems(load());
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      ['fetch', expect.stringContaining('expected object') as string],
      ['sever', 'unknown key; did you mean "server"?'],
    ]);
  });

  it('checks that the phase timeouts fit inside the total timeout', () => {
    const problems = expectProblems(load({ overrides: { fetch: { totalTimeoutMs: 5000 } } }));
    expect(problems.map((p) => p.path)).toEqual(['fetch.connectTimeoutMs', 'fetch.headersTimeoutMs']);
  });
});

describe('warnings', () => {
  it('warns about unknown MAMORI_ variables without failing', () => {
    const result = load({ env: { MAMORI_SERVER_PROT: '9000' } });
    expect(result.ok).toBe(true);
    expect(result.warnings).toContainEqual({
      path: 'MAMORI_SERVER_PROT',
      message: expect.stringContaining('MAMORI_SERVER_PORT') as string,
      source: 'env',
    });
  });
});

describe('hostile input', () => {
  it('reports a __proto__ key as unknown instead of merging it into a prototype', () => {
    writeYaml('mamori.yaml', 'server:\n  __proto__: { polluted: true }\n');
    const problems = expectProblems(load({ overrides: JSON.parse('{"server": {"__proto__": {"x": 1}}}') as object }));
    expect(problems.map((p) => p.path)).toContain('server.__proto__');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
