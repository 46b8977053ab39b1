import { z } from 'zod';
import { formatPath, type PathSegment } from './diagnostic.ts';
import { httpUrlProblem, normalisePageUrl, originProblem, siteOrigin } from './urls.ts';

/** Lower bound 5 s so the demo can use short intervals; upper bound one day, because a monitor that looks less often is not monitoring. */
export const MIN_INTERVAL_SECONDS = 5;
export const MAX_INTERVAL_SECONDS = 86_400;

const intervalMessage = `must be a whole number of seconds from ${MIN_INTERVAL_SECONDS} to ${MAX_INTERVAL_SECONDS}`;

export const intervalSecondsSchema = z
  .number({ error: intervalMessage })
  .int({ error: intervalMessage })
  .min(MIN_INTERVAL_SECONDS, { error: intervalMessage })
  .max(MAX_INTERVAL_SECONDS, { error: intervalMessage });

const pageUrlSchema = z.string().superRefine((value, ctx) => {
  const problem = httpUrlProblem(value);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});

const originSchema = z.string().superRefine((value, ctx) => {
  const problem = originProblem(value);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});

const nameSchema = z
  .string()
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(200, { error: 'must be at most 200 characters' });

const pageSchema = z.union([
  pageUrlSchema,
  z.strictObject({
    url: pageUrlSchema,
    intervalSeconds: intervalSecondsSchema.optional(),
  }),
]);

const siteSchema = z.strictObject({
  origin: originSchema.optional(),
  name: nameSchema.optional(),
  intervalSeconds: intervalSecondsSchema.optional(),
  pages: z.array(pageSchema),
});

const organisationSchema = z.strictObject({
  slug: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
      error: 'must be lower-case letters, digits and single hyphens (e.g. "digital-agency")',
    })
    .max(64, { error: 'must be at most 64 characters' }),
  name: nameSchema,
  aliases: z.array(nameSchema).default([]),
  /** Sectors the threat watch knows it by when an announcement names a sector ("the government"). */
  sectors: z
    .array(
      z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
        error:
          'must be a sector key such as government, judiciary, local-government, political-party, business, recording-industry',
      }),
    )
    .default([]),
  sites: z.array(siteSchema),
});

export const organisationsSchema = z
  .array(organisationSchema)
  .default([])
  .describe(
    'The estate to watch (config file only): organisations, each with a slug, name, optional aliases, sectors (for the threat watch) and sites; ' +
      'a site has an optional origin (else taken from its first page), name, intervalSeconds and pages ' +
      '(URL strings or { url, intervalSeconds }) that must all belong to the site’s origin.',
  );

type IssueSink = (path: PathSegment[], message: string) => void;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const arrayAt = (value: unknown, key: string): unknown[] => {
  const inner = isRecord(value) ? value[key] : undefined;
  return Array.isArray(inner) ? inner : [];
};
const stringAt = (value: unknown, key: string): string | undefined => {
  const inner = isRecord(value) ? value[key] : undefined;
  return typeof inner === 'string' ? inner : undefined;
};

/** Records the first path for each value and reports later repeats, naming where the first one was. */
function uniqueness(what: string, report: IssueSink): (value: string, path: PathSegment[]) => void {
  const seen = new Map<string, PathSegment[]>();
  return (value, path) => {
    const first = seen.get(value);
    if (first === undefined) seen.set(value, path);
    else report(path, `duplicate ${what} "${value}" (first at ${formatPath(first)})`);
  };
}

/**
 * Cross-entry rules that a per-field schema cannot express: unique slugs, origins and page URLs,
 * and pages staying inside their site's origin. It runs even when fields failed their own checks
 * (so every problem shows up in one pass), hence it reads the value defensively and skips
 * anything malformed, which the field schemas have already reported.
 * Paths are relative to `base` (where the organisations array sits in the whole config).
 */
export function checkEstate(organisations: unknown, base: PathSegment[], report: IssueSink): void {
  const slug = uniqueness('organisation slug', report);
  const origin = uniqueness('site origin', report);
  const page = uniqueness('page URL', report);
  (Array.isArray(organisations) ? organisations : []).forEach((org, o) => {
    const orgPath: PathSegment[] = [...base, o];
    const orgSlug = stringAt(org, 'slug');
    if (orgSlug !== undefined) slug(orgSlug, [...orgPath, 'slug']);
    arrayAt(org, 'sites').forEach((site, s) => {
      const sitePath: PathSegment[] = [...orgPath, 'sites', s];
      const pages = arrayAt(site, 'pages').map((entry, p) => {
        const url = typeof entry === 'string' ? entry : stringAt(entry, 'url');
        const path: PathSegment[] =
          typeof entry === 'string' ? [...sitePath, 'pages', p] : [...sitePath, 'pages', p, 'url'];
        return { url: url !== undefined && httpUrlProblem(url) === null ? normalisePageUrl(url) : undefined, path };
      });
      const declared = stringAt(site, 'origin');
      let siteOriginValue: string | undefined;
      if (declared !== undefined) {
        if (originProblem(declared) === null) siteOriginValue = siteOrigin(declared);
        if (siteOriginValue !== undefined) origin(siteOriginValue, [...sitePath, 'origin']);
      } else if (pages.length === 0) {
        report(sitePath, 'a site needs an origin or at least one page');
      } else if (pages[0]?.url !== undefined) {
        siteOriginValue = siteOrigin(pages[0].url);
        origin(siteOriginValue, sitePath);
      }
      for (const { url, path } of pages) {
        if (url === undefined) continue;
        if (siteOriginValue !== undefined && siteOrigin(url) !== siteOriginValue) {
          report(
            path,
            `${url} is outside this site's origin ${siteOriginValue}; put it under a site for ${siteOrigin(url)}`,
          );
        }
        page(url, path);
      }
    });
  });
}

/** One page to watch, after resolution. */
export interface PageConfig {
  /** Canonical URL (see normalisePageUrl). */
  readonly url: string;
  /**
   * The page's own interval, or null to inherit its site's and then `scheduler.defaultIntervalSeconds`.
   * Kept as declared (not pre-resolved) to match the store, where null means "inherit", so changing the
   * default later still applies to every page that did not choose its own.
   */
  readonly intervalSeconds: number | null;
}

export interface SiteConfig {
  /** `scheme://host[:port]`, declared or taken from the first page. */
  readonly origin: string;
  /** Declared name, else the origin's host. */
  readonly name: string;
  /** The site's own interval, or null to inherit `scheduler.defaultIntervalSeconds`. */
  readonly intervalSeconds: number | null;
  readonly pages: readonly PageConfig[];
}

export interface OrganisationConfig {
  readonly slug: string;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly sectors: readonly string[];
  readonly sites: readonly SiteConfig[];
}

/** Turns validated organisations into their resolved form. Only call on data that passed the schema and `checkEstate`. */
export function resolveOrganisations(organisations: z.output<typeof organisationsSchema>): OrganisationConfig[] {
  return organisations.map((org) => ({
    slug: org.slug,
    name: org.name,
    aliases: org.aliases,
    sectors: org.sectors,
    sites: org.sites.map((site): SiteConfig => {
      const pages = site.pages.map((entry) =>
        typeof entry === 'string' ? { url: entry, intervalSeconds: undefined } : entry,
      );
      // checkEstate guarantees an origin or a first page.
      const origin = siteOrigin(site.origin ?? pages[0]?.url ?? '');
      return {
        origin,
        name: site.name ?? new URL(origin).host,
        intervalSeconds: site.intervalSeconds ?? null,
        pages: pages.map((p) => ({ url: normalisePageUrl(p.url), intervalSeconds: p.intervalSeconds ?? null })),
      };
    }),
  }));
}
