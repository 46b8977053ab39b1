import type { ConfigOverrides } from '../config/schema.ts';
import type { DemoEstate } from './estate.ts';
import type { OrganisationKind } from './demo-spec.ts';
import type { EstateServer } from './estate-server.ts';

/** The sectors each kind of demo organisation belongs to, for the threat watch. */
const DEMO_SECTORS: Readonly<Record<OrganisationKind, readonly string[]>> = {
  ministry: ['government'],
  court: ['judiciary'],
  association: ['recording-industry', 'business'],
};

/**
 * The `estate` section of a Mamori config for a running demo estate server: every organisation,
 * site (its loopback origin) and page, with one interval for all.
 */
export function demoEstateConfig(estate: DemoEstate, server: EstateServer, intervalSeconds: number): NonNullable<ConfigOverrides['estate']> {
  return {
    organisations: estate.organisations.map((org) => ({
      slug: org.key,
      name: org.name,
      aliases: [org.nameEn],
      sectors: [...DEMO_SECTORS[org.kind]],
      sites: org.siteKeys.map((key) => {
        const site = estate.sites.find((s) => s.key === key);
        const origin = server.sites.find((s) => s.key === key)?.origin;
        if (!site || !origin) throw new Error(`demo estate has no running site ${key}`);
        return { origin, name: site.name, intervalSeconds, pages: site.paths.map((p) => server.urlFor(key, p)) };
      }),
    })),
  };
}
