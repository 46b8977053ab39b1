import { describe, expect, it } from 'vitest';
import { CONFIG_FILE_ENV_VAR, ENV_VARS, envVarName, readEnv } from './env.ts';

/** The scalar keys the configuration promises, written out by hand so the schema walker is checked, not trusted. */
const EXPECTED_KEYS = [
  'server.host',
  'server.port',
  'server.capturePort',
  'server.publicUrl',
  'database.url',
  'dataDir',
  'log.level',
  'fetch.userAgent',
  'fetch.connectTimeoutMs',
  'fetch.headersTimeoutMs',
  'fetch.totalTimeoutMs',
  'fetch.maxBodyBytes',
  'fetch.maxDecodedBytes',
  'fetch.maxRedirects',
  'network.allowLoopback',
  'network.allowPrivate',
  'network.allowCidrs',
  'politeness.perHostConcurrency',
  'politeness.minSpacingMs',
  'scheduler.defaultIntervalSeconds',
  'scheduler.jitterRatio',
  'scheduler.maxConcurrency',
  'scheduler.tickMs',
  'baseline.minSamples',
  'retention.checksPerPage',
  'retention.bodiesPerPage',
  'retention.checkDays',
  'retention.hourlyDays',
  'retention.dailyDays',
  'evidence.enabled',
  'evidence.sampleHours',
  'evidence.retentionDays',
  'evidence.tsaUrl',
  'evidence.timestampMinutes',
  'evidence.anchorDir',
  'render.enabled',
  'render.executablePath',
  'render.concurrency',
  'render.timeoutMs',
  'render.recyclePagesAfter',
  'render.restartBrowserAfter',
  'render.deepIntervalHours',
  'queue.backend',
  'queue.redisUrl',
  'queue.prefix',
  'metrics.enabled',
  'metrics.token',
  'analysis.workers',
  'analysis.timeoutMs',
  'analysis.maxMemoryMb',
  'auth.adminPassword',
  'auth.sessionTtlHours',
  'auth.cookieSecure',
  'auth.loginAttempts',
  'auth.loginWindowMinutes',
  'api.trustedProxies',
  'api.bodyLimitBytes',
  'api.authBodyLimitBytes',
  'import.maxTargets',
  'import.maxSitemaps',
  'intel.heightenedHours',
  'intel.heightenedIntervalSeconds',
  'intel.renderOnHeightened',
  'intel.claimPages',
  'exports.tlp',
  'exports.pap',
  'exports.misp.orgName',
  'exports.misp.distribution',
  'exports.thehive.url',
  'exports.thehive.apiKey',
  'exports.thehive.organisation',
  'exports.thehive.timeoutMs',
  'exports.thehive.retries',
  'intel.claimWindowHours',
  'incidents.restoreAfterChecks',
  'incidents.campaignWindowHours',
  'alerts.maxAttempts',
  'alerts.retryBaseMs',
  'alerts.retryMaxMs',
  'alerts.pollMs',
  'alerts.timeoutMs',
  'siteWatch.enabled',
  'siteWatch.intervalSeconds',
  'siteWatch.resolvers',
  'siteWatch.timeoutMs',
  'siteWatch.learnSamples',
  'siteWatch.renewalDays',
  'siteWatch.rdapBaseUrl',
  'siteWatch.rdapIntervalHours',
  'siteWatch.caFile',
  'statusPage.enabled',
  'statusPage.host',
  'statusPage.port',
  'statusPage.organisations',
  'statusPage.title',
  'statusPage.showPageUrls',
  'statusPage.maxAgeSeconds',
  'vantage.name',
  'vantage.probes',
  'vantage.confirm',
  'vantage.confirmWithinSeconds',
  'vantage.leaseSeconds',
  'vantage.probeToken',
];

describe('env table', () => {
  it('has exactly one entry per scalar key, and none for the file-only estate', () => {
    expect(ENV_VARS.map((e) => e.key).sort()).toEqual([...EXPECTED_KEYS].sort());
  });

  it('has unique variable names that do not collide with MAMORI_CONFIG', () => {
    const names = ENV_VARS.map((e) => e.envVar);
    expect(new Set(names).size).toBe(names.length);
    expect(names).not.toContain(CONFIG_FILE_ENV_VAR);
  });

  it('derives names mechanically', () => {
    expect(envVarName('fetch.totalTimeoutMs')).toBe('MAMORI_FETCH_TOTAL_TIMEOUT_MS');
    expect(envVarName('database.url')).toBe('MAMORI_DATABASE_URL');
    expect(envVarName('dataDir')).toBe('MAMORI_DATA_DIR');
    expect(envVarName('network.allowLoopback')).toBe('MAMORI_NETWORK_ALLOW_LOOPBACK');
    expect(envVarName('api.trustedProxies')).toBe('MAMORI_API_TRUSTED_PROXIES');
    for (const entry of ENV_VARS) expect(entry.envVar).toBe(envVarName(entry.key));
  });
});

describe('readEnv', () => {
  it('coerces numbers, booleans and lists by the key type', () => {
    const layer = readEnv({
      MAMORI_SERVER_PORT: '9090',
      MAMORI_SCHEDULER_JITTER_RATIO: '0.25',
      MAMORI_NETWORK_ALLOW_LOOPBACK: 'true',
      MAMORI_NETWORK_ALLOW_PRIVATE: '0',
      MAMORI_NETWORK_ALLOW_CIDRS: ' 10.0.0.0/8, fd00::/8 ,',
      MAMORI_LOG_LEVEL: 'debug',
    });
    expect(layer.problems).toEqual([]);
    expect(layer.values).toEqual({
      server: { port: 9090 },
      scheduler: { jitterRatio: 0.25 },
      network: { allowLoopback: true, allowPrivate: false, allowCidrs: ['10.0.0.0/8', 'fd00::/8'] },
      log: { level: 'debug' },
    });
    expect(layer.setBy.get('server.port')).toBe('MAMORI_SERVER_PORT');
  });

  it('reports bad numbers and booleans with the variable name and leaves those keys out', () => {
    // Reported in schema order, whatever order the environment lists them in.
    const layer = readEnv({
      MAMORI_SERVER_PORT: '80a',
      MAMORI_NETWORK_ALLOW_PRIVATE: 'yes',
      MAMORI_FETCH_MAX_REDIRECTS: '0x10',
    });
    expect(layer.values).toEqual({});
    expect(layer.problems).toEqual([
      { path: 'server.port', message: 'MAMORI_SERVER_PORT="80a" is not a number', source: 'env' },
      { path: 'fetch.maxRedirects', message: 'MAMORI_FETCH_MAX_REDIRECTS="0x10" is not a number', source: 'env' },
      {
        path: 'network.allowPrivate',
        message: 'MAMORI_NETWORK_ALLOW_PRIVATE="yes" is not a boolean (use true, false, 1 or 0)',
        source: 'env',
      },
    ]);
  });

  it('treats an empty variable as unset', () => {
    const layer = readEnv({ MAMORI_SERVER_PORT: '', MAMORI_CONFIG: ' ' });
    expect(layer.values).toEqual({});
    expect(layer.problems).toEqual([]);
    expect(layer.configFile).toBeUndefined();
  });

  it('warns about unknown MAMORI_ variables, suggesting the likely intended one', () => {
    const layer = readEnv({
      MAMORI_SERVER_PROT: '1',
      MAMORI_CONFIG: 'x.yaml',
      MAMORI_WHATEVER_ELSE_ENTIRELY: '1',
      PATH: '/bin',
      MAMORI_TEST_POSTGRES_URL: 'postgres://x', // the test suites' own variables are not Mamori's
    });
    expect(layer.problems).toEqual([]);
    expect(layer.configFile).toBe('x.yaml');
    expect(layer.warnings).toEqual([
      {
        path: 'MAMORI_SERVER_PROT',
        message: 'unknown Mamori variable: it is ignored; did you mean MAMORI_SERVER_PORT?',
        source: 'env',
      },
      { path: 'MAMORI_WHATEVER_ELSE_ENTIRELY', message: 'unknown Mamori variable: it is ignored', source: 'env' },
    ]);
  });
});
