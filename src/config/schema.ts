import { z } from 'zod';
import { type PathSegment } from './diagnostic.ts';
import { checkEstate, intervalSecondsSchema, organisationsSchema, type OrganisationConfig } from './estate.ts';
import { isCidr, isIpOrCidr } from './urls.ts';
import { ALERT_FILE_ONLY_KEYS, alertsSchema, checkAlerts, incidentsSchema } from './alerts.ts';
import { INTEL_FILE_ONLY_KEYS, intelSchema } from './intel.ts';
import { exportsSchema } from './exports.ts';
import { SITE_WATCH_FILE_ONLY_KEYS, siteWatchSchema } from './site-watch.ts';
import { STATUS_PAGE_FILE_ONLY_KEYS, statusPageSchema } from './status-page.ts';
import { vantageSchema } from './vantage.ts';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/** A whole number in [min, max], with one message that states the allowed range whatever went wrong. */
function intIn(min: number, max: number) {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

function numberIn(min: number, max: number) {
  const error = `must be a number from ${min} to ${max}`;
  return z.number({ error }).min(min, { error }).max(max, { error });
}

const nonEmpty = z.string().trim().min(1, { error: 'must not be empty' });

function isDatabaseUrl(value: string): boolean {
  if (value.startsWith('sqlite:')) return value.length > 'sqlite:'.length;
  return /^postgres(?:ql)?:\/\//.test(value) && URL.canParse(value);
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const QUEUE_BACKENDS = ['in-process', 'bullmq'] as const;
/** `render.concurrency` when unset; the benchmarks run at it too. */
export const RENDER_CONCURRENCY_DEFAULT = 3;

/**
 * Keys that only the config file can set (no environment variable): structured data that would be
 * unreadable as a variable. The key table stops descending here.
 */
export const FILE_ONLY_KEYS: readonly string[] = [
  'estate.organisations',
  ...ALERT_FILE_ONLY_KEYS,
  ...INTEL_FILE_ONLY_KEYS,
  ...SITE_WATCH_FILE_ONLY_KEYS,
  ...STATUS_PAGE_FILE_ONLY_KEYS,
];

/*
 * Every leaf carries its default and a `.describe()` text: the key table, the environment variable
 * names and the README's configuration reference are all derived from this one schema.
 * `.prefault({})` (not `.default`) on sections so that an absent section is parsed, filling leaf defaults.
 * Objects are strict so a misspelt key is a reported problem instead of a setting that silently does nothing.
 */
export const configSchema = z
  .strictObject({
    server: z
      .strictObject({
        host: nonEmpty
          .default('127.0.0.1')
          .describe('Address the HTTP API and dashboard listen on. Use 0.0.0.0 only behind a trusted proxy.'),
        port: intIn(0, 65_535).default(8080).describe('TCP port of the HTTP API and dashboard (0 picks a free port).'),
        capturePort: intIn(0, 65_535)
          .optional()
          .describe(
            'TCP port of the separate origin that serves captured pages, sandboxed, to signed links (default: port + 1; 0 picks a free port).',
          ),
        publicUrl: z
          .string()
          .refine((v) => /^https?:\/\//i.test(v) && URL.canParse(v), {
            error: 'must be an http:// or https:// URL (the dashboard as analysts reach it)',
          })
          .optional()
          .describe(
            'The dashboard as analysts reach it (e.g. `https://mamori.example.go.jp`): every notification links to its incident there. Unset: notifications carry no link.',
          ),
      })
      .prefault({}),
    database: z
      .strictObject({
        url: z
          .string()
          .refine(isDatabaseUrl, {
            error: 'must be sqlite:<path> (or sqlite::memory:) or a postgres:// / postgresql:// URL',
          })
          .default('sqlite:./data/mamori.db')
          .describe(
            'Database: `sqlite:<path>` (relative paths resolve like dataDir) or `postgres://user:pass@host/db`.',
          ),
      })
      .prefault({}),
    dataDir: nonEmpty
      .default('./data')
      .describe(
        'Directory for content blobs and evidence. Relative to the config file’s directory (or the working directory without a file; from env or flags, the working directory).',
      ),
    log: z
      .strictObject({
        level: z
          .enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })
          .default('info')
          .describe('Log verbosity.'),
      })
      .prefault({}),
    fetch: z
      .strictObject({
        userAgent: z
          .string()
          .regex(/^[\x20-\x7e]+$/, { error: 'must be non-empty printable ASCII (it is sent as an HTTP header)' })
          .default('Mamori/0.1 (+https://github.com/mamori; web integrity monitor)')
          .describe('User-Agent sent with every request; include a contact URL so site operators can reach you.'),
        connectTimeoutMs: intIn(1, 600_000)
          .default(10_000)
          .describe('Give up connecting (DNS, TCP, TLS) after this many milliseconds.'),
        headersTimeoutMs: intIn(1, 600_000)
          .default(15_000)
          .describe('Give up waiting for response headers after this many milliseconds.'),
        totalTimeoutMs: intIn(1, 600_000)
          .default(30_000)
          .describe('Give up on the whole request, body included, after this many milliseconds.'),
        maxBodyBytes: intIn(KiB, GiB)
          .default(10 * MiB)
          .describe('Largest response body accepted on the wire, in bytes (default 10 MiB).'),
        maxDecodedBytes: intIn(KiB, GiB)
          .default(32 * MiB)
          .describe('Largest body after decompression, in bytes (default 32 MiB); guards against compression bombs.'),
        maxRedirects: intIn(0, 20).default(10).describe('Redirects followed before the check fails.'),
      })
      .prefault({}),
    network: z
      .strictObject({
        allowLoopback: z
          .boolean({ error: 'must be true or false' })
          .default(false)
          .describe('Allow fetching loopback addresses (127.0.0.0/8, ::1). For tests and the demo.'),
        allowPrivate: z
          .boolean({ error: 'must be true or false' })
          .default(false)
          .describe('Allow fetching private addresses (RFC 1918, unique-local IPv6 and similar).'),
        allowCidrs: z
          .array(z.string().refine(isCidr, { error: 'must be a CIDR range such as 10.20.0.0/16 or fd00::/8' }))
          .default([])
          .describe(
            'Extra address ranges allowed even though private, e.g. an intranet estate. Comma-separated in the environment.',
          ),
      })
      .prefault({}),
    politeness: z
      .strictObject({
        perHostConcurrency: intIn(1, 64).default(2).describe('Most requests in flight to one host at a time.'),
        minSpacingMs: intIn(0, 600_000)
          .default(500)
          .describe('Minimum milliseconds between the starts of two requests to one host.'),
      })
      .prefault({}),
    scheduler: z
      .strictObject({
        defaultIntervalSeconds: intervalSecondsSchema
          .default(300)
          .describe('Seconds between checks of a page when neither the page nor its site sets intervalSeconds.'),
        jitterRatio: numberIn(0, 0.5)
          .default(0.1)
          .describe('Random spread applied to each interval (0.1 = ±10%) so checks do not arrive in bursts.'),
        maxConcurrency: intIn(1, 1024).default(16).describe('Most checks running at once across the whole estate.'),
        tickMs: intIn(10, 60_000)
          .default(250)
          .describe('How often, in milliseconds, the scheduler looks for due checks.'),
      })
      .prefault({}),
    baseline: z
      .strictObject({
        minSamples: intIn(1, 1000)
          .default(3)
          .describe('Checks needed before a page’s baseline is trusted for change detection.'),
      })
      .prefault({}),
    analysis: z
      .strictObject({
        workers: intIn(0, 64)
          .default(0)
          .describe(
            'Worker threads that analyse pages, off the thread that serves the API and runs the schedule (0: one fewer than the cores, 1 to 4).',
          ),
        timeoutMs: intIn(50, 600_000)
          .default(10_000)
          .describe(
            'Time one page’s analysis may take; a page that needs longer is judged suspicious (“could not be analysed within limits”) and its worker thread is replaced.',
          ),
        maxMemoryMb: intIn(16, 16_384)
          .default(128)
          .describe(
            'Heap cap of each analysis worker thread, in MB (a 2 MB page of 40,000 links needs about 100); a page whose analysis needs more is judged suspicious, like one that runs out of time.',
          ),
      })
      .prefault({}),
    retention: z
      .strictObject({
        checksPerPage: intIn(1, 1_000_000)
          .default(2000)
          .describe(
            'Check records kept per page (one record may stand for a run of identical checks); older ones are pruned.',
          ),
        bodiesPerPage: intIn(1, 100_000).default(50).describe('Distinct response bodies kept per page as evidence.'),
        checkDays: intIn(0, 36_500)
          .default(7)
          .describe(
            'Days check rows are kept; older ones are rolled up into hourly and daily history (verdict counts, uptime, response times) and deleted (0: only checksPerPage bounds them). Rows pruned by count are rolled up too.',
          ),
        hourlyDays: intIn(0, 36_500).default(90).describe('Days hourly check history is kept (0: for ever).'),
        dailyDays: intIn(0, 36_500).default(1825).describe('Days daily check history is kept (0: for ever).'),
      })
      .prefault({}),
    evidence: z
      .strictObject({
        enabled: z
          .boolean({ error: 'must be true or false' })
          .default(true)
          .describe(
            'Write WARC evidence and custody-ledger entries for checks that matter (first check, any verdict but unchanged, down/up, periodic samples).',
          ),
        sampleHours: intIn(0, 8760)
          .default(24)
          .describe('Hours between evidence samples of a page that stays unchanged (0: no samples).'),
        retentionDays: intIn(0, 36_500)
          .default(400)
          .describe(
            'Days evidence is kept unless a legal hold covers it (0: forever). Deletion is itself recorded in the ledger.',
          ),
        tsaUrl: z
          .string()
          .refine((value) => value === '' || (/^https?:\/\//.test(value) && URL.canParse(value)), {
            error: 'must be empty or an http(s):// URL',
          })
          .default('')
          .describe(
            'RFC 3161 time-stamping authority that stamps the ledger head (empty: no time stamps). Sent only hashes.',
          ),
        timestampMinutes: intIn(1, 10_080)
          .default(60)
          .describe(
            'Minutes between time stamps of the ledger head, when evidence.tsaUrl is set and the ledger has grown.',
          ),
        anchorDir: z
          .string()
          .default('')
          .describe(
            'Directory of the tail-anchor log (ledger-anchors.jsonl: the ledger head after every entry, so deleting the newest entries is detected). Empty: <dataDir>/anchors; relative paths are under dataDir. Put it on other storage to make it independent of the database.',
          ),
      })
      .prefault({}),
    render: z
      .strictObject({
        enabled: z
          .boolean({ error: 'must be true or false' })
          .default(true)
          .describe(
            'Render pages in Chromium at enrolment, whenever the static verdict is not unchanged, and every deepIntervalHours. Without Chromium, checks run static-only with one warning.',
          ),
        executablePath: z
          .string()
          .min(1, { error: 'must not be empty' })
          .default('/usr/bin/chromium')
          .describe('The Chromium executable (Debian’s package; no browser is ever downloaded).'),
        concurrency: intIn(1, 64)
          .default(RENDER_CONCURRENCY_DEFAULT)
          .describe(
            'Renders running at once (pages open in the one browser). A render waits for its page to settle much of its time, so one more than the cores keeps them busy.',
          ),
        timeoutMs: intIn(1000, 600_000)
          .default(30_000)
          .describe('Time one render may take, load, settle, probe and screenshots together.'),
        recyclePagesAfter: intIn(1, 100_000)
          .default(50)
          .describe('Renders after which a browser page and its context are replaced.'),
        restartBrowserAfter: intIn(1, 1_000_000)
          .default(1000)
          .describe('Renders after which the browser is restarted, to bound its memory.'),
        deepIntervalHours: numberIn(0, 8760)
          .default(6)
          .describe(
            'Hours between scheduled renders of a page whose static checks stay unchanged (0: only at enrolment and on change).',
          ),
      })
      .prefault({}),
    queue: z
      .strictObject({
        backend: z
          .enum(QUEUE_BACKENDS, { error: `must be one of ${QUEUE_BACKENDS.join(', ')}` })
          .default('in-process')
          .describe('Where check jobs queue: in this process, or BullMQ on Redis for several workers.'),
        redisUrl: z
          .string()
          .refine((value) => /^rediss?:\/\//.test(value) && URL.canParse(value), {
            error: 'must be a redis:// or rediss:// URL',
          })
          .default('redis://127.0.0.1:6379')
          .describe('Redis used when queue.backend is bullmq.'),
        prefix: z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'must be 1 to 64 letters, digits, - or _' })
          .default('bull')
          .describe(
            'Key prefix in Redis for the check queue, the scheduler lease and the per-host politeness slots: every serve and worker of one estate uses the same; estates sharing a Redis use different ones.',
          ),
      })
      .prefault({}),
    metrics: z
      .strictObject({
        enabled: z
          .boolean({ error: 'must be true or false' })
          .default(true)
          .describe(
            'Serve Prometheus metrics at /metrics on the API’s address (checks by outcome, scheduler lag, queue depth, open incidents, notifications).',
          ),
        token: z
          .string()
          .default('')
          .describe(
            'Bearer token a scraper must send to read /metrics (empty: no token asked; keep the API on a trusted address then).',
          ),
      })
      .prefault({}),
    auth: z
      .strictObject({
        adminPassword: z
          .string()
          .refine((value) => value === '' || value.length >= 8, { error: 'must be empty or at least 8 characters' })
          .default('')
          .describe(
            'Password of the `admin` account created at first start when no user exists (empty: a random one-time password is printed once, to be changed).',
          ),
        sessionTtlHours: numberIn(0.1, 720).default(12).describe('Hours a login session lasts.'),
        cookieSecure: z
          .boolean({ error: 'must be true or false' })
          .default(false)
          .describe(
            'Mark the session cookie Secure (set it when Mamori is served over HTTPS, directly or behind a proxy).',
          ),
        loginAttempts: intIn(1, 1000)
          .default(5)
          .describe(
            'Failed logins allowed per username and address (and 4× that per address) in loginWindowMinutes before answering 429.',
          ),
        loginWindowMinutes: intIn(1, 1440).default(15).describe('Minutes over which failed logins are counted.'),
      })
      .prefault({}),
    api: z
      .strictObject({
        trustedProxies: z
          .array(
            z
              .string()
              .refine(isIpOrCidr, { error: 'must be an IP address or a CIDR range such as 10.0.0.5 or 10.0.0.0/24' }),
          )
          .default([])
          .describe(
            'Reverse proxies whose X-Forwarded-For is believed: the client is the right-most address not in this list (empty: the connection’s peer is the client). Comma-separated in the environment.',
          ),
        bodyLimitBytes: intIn(KiB, 64 * MiB)
          .default(MiB)
          .describe(
            'Largest request body of an API write, in bytes (default 1 MiB), enforced while the body streams in: larger bodies answer 413.',
          ),
        authBodyLimitBytes: intIn(KiB, MiB)
          .default(16 * KiB)
          .describe(
            'Largest request body of the sign-in and password routes, in bytes (default 16 KiB): they are open to anyone, so they get the smallest limit.',
          ),
      })
      .prefault({}),
    import: z
      .strictObject({
        maxTargets: intIn(1, 10_000_000)
          .default(50_000)
          .describe(
            'Most targets one `mamori import` adds, across a file or a whole sitemap tree; the rest are reported and skipped. The file is read as a stream, so memory follows this cap, not the file’s size.',
          ),
        maxSitemaps: intIn(1, 100_000)
          .default(100)
          .describe('Most nested sitemaps one import reads from a sitemap index.'),
      })
      .prefault({}),
    incidents: incidentsSchema,
    alerts: alertsSchema,
    intel: intelSchema,
    exports: exportsSchema,
    siteWatch: siteWatchSchema,
    statusPage: statusPageSchema,
    vantage: vantageSchema,
    estate: z.strictObject({ organisations: organisationsSchema }).prefault({}),
  })
  // `when` makes the cross-field rules run even after field errors, so one pass reports everything.
  .superRefine(
    (value, ctx) => {
      const report = (path: PathSegment[], message: string): void => ctx.addIssue({ code: 'custom', path, message });
      const config = value as unknown;
      const section = (name: string): Record<string, unknown> => {
        const inner =
          typeof config === 'object' && config !== null ? (config as Record<string, unknown>)[name] : undefined;
        return typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : {};
      };
      checkEstate(section('estate')['organisations'], ['estate', 'organisations'], report);
      checkAlerts(section('alerts'), report);
      const fetch = section('fetch');
      const total = fetch['totalTimeoutMs'];
      for (const key of ['connectTimeoutMs', 'headersTimeoutMs']) {
        const part = fetch[key];
        if (typeof part === 'number' && typeof total === 'number' && part > total)
          report(['fetch', key], `must not exceed fetch.totalTimeoutMs (${total})`);
      }
    },
    { when: () => true },
  );

/** What a config file (or an override object) may contain: every key optional. */
export type MamoriConfigInput = z.input<typeof configSchema>;

type Parsed = z.output<typeof configSchema>;

type DeepReadonly<T> = T extends readonly (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/**
 * The loaded configuration: every default filled in, the estate resolved (origins, site names,
 * canonical URLs; intervals as declared, null = inherit), `dataDir` and a sqlite `database.url`
 * absolute. Deeply frozen at runtime.
 */
export type MamoriConfig = DeepReadonly<Omit<Parsed, 'estate'> & { estate: { organisations: OrganisationConfig[] } }>;

export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** Highest-precedence values, typically from CLI flags. `undefined` leaves mean "not given"; arrays replace, never merge. */
export type ConfigOverrides = DeepPartial<MamoriConfigInput>;
