/**
 * The `siteWatch` section of the one config schema (imported by `config/schema.ts`): how often each
 * site's DNS, certificate and domain registration are looked at, the resolver asked, the RDAP
 * service, and the thresholds. The security headers watch follows the page checks and has no pace.
 */
import { z } from 'zod';

const error = (text: string) => ({ error: text });
function intIn(min: number, max: number) {
  const e = error(`must be a whole number from ${min} to ${max}`);
  return z.number(e).int(e).min(min, e).max(max, e);
}
const httpUrl = z
  .string()
  .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), error('must be an http:// or https:// URL'));
const resolver = z
  .string()
  .regex(/^(?:\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?|\[[0-9a-fA-F:]+\](?::\d{1,5})?|[0-9a-fA-F:]+)$/, {
    error: 'must be an IP address, optionally with :port (IPv6 with a port in brackets: [::1]:53)',
  });
const hostName = z
  .string()
  .regex(/^(?=.{1,253}$)(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z0-9-]{2,63}\.?$/, {
    error: 'must be a DNS name such as www.example.go.jp',
  });

export const SITE_WATCH_FILE_ONLY_KEYS = ['siteWatch.expiryDays', 'siteWatch.names'] as const;

export const siteWatchSchema = z
  .strictObject({
    enabled: z
      .boolean(error('must be true or false'))
      .default(true)
      .describe(
        'Watch each site’s DNS, certificate, domain registration (with rdapBaseUrl) and security headers (serve and watch).',
      ),
    intervalSeconds: intIn(5, 86_400)
      .default(900)
      .describe('Seconds between two looks at a site’s DNS, certificate and domain registration.'),
    resolvers: z
      .array(resolver)
      .default([])
      .describe(
        'DNS resolvers the DNS watch asks (IP or IP:port); empty uses the system’s. Comma-separated in the environment.',
      ),
    timeoutMs: intIn(100, 120_000)
      .default(5000)
      .describe('Give up one DNS lookup, TLS handshake or RDAP request after this many milliseconds.'),
    learnSamples: intIn(1, 1000)
      .default(3)
      .describe(
        'Resolutions of a name learnt freely (every address network and name server seen) before a DNS change is a finding.',
      ),
    renewalDays: intIn(1, 365)
      .default(30)
      .describe(
        'A new certificate within this many days of the old one’s end (or past two thirds of its life) is a renewal, learnt; earlier, a new issuer or key is a finding.',
      ),
    expiryDays: z
      .array(intIn(1, 365))
      .min(1, error('must list at least one number of days'))
      .default([30, 14, 7])
      .describe(
        'Days before a certificate or domain registration ends at which it is a finding, more severe at each (config file only).',
      ),
    rdapBaseUrl: httpUrl
      .optional()
      .describe(
        'RDAP service of the sites’ registry (e.g. https://rdap.example/rdap); the domain watch asks {rdapBaseUrl}/domain/{name}. Unset: no domain watch.',
      ),
    rdapIntervalHours: intIn(1, 168)
      .default(12)
      .describe(
        'Hours between two RDAP lookups of one site’s domain: registrations change slowly and registries limit RDAP requests.',
      ),
    caFile: z
      .string()
      .min(1, error('must not be empty'))
      .optional()
      .describe('PEM file of extra trust anchors for the certificate watch (an internal CA), beside Node’s roots.'),
    names: z
      .record(z.string(), hostName)
      .default({})
      .describe(
        'Site origin → DNS name to watch, for a site whose origin is an address (config file only); other sites are watched by their origin’s host.',
      ),
  })
  .prefault({});

export type SiteWatchConfig = z.output<typeof siteWatchSchema>;
