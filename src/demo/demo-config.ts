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
export function demoEstateConfig(
  estate: DemoEstate,
  server: EstateServer,
  intervalSeconds: number,
): NonNullable<ConfigOverrides['estate']> {
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

/** The demo's notification channel: the SOC's webhook, signed. */
export const DEMO_CHANNEL = 'soc-webhook';

const DAY_MS = 86_400_000;

/**
 * The `alerts` section for the demo: one webhook to the demo's SOC receiver for high and critical
 * incidents, and a maintenance window two days ahead on the 総務省 site (announced, not yet in force,
 * so the demo's own incidents are still sent).
 */
export function demoAlertsConfig(
  socHookUrl: string,
  server: EstateServer,
  now: number,
): NonNullable<ConfigOverrides['alerts']> {
  const soumu = server.sites.find((s) => s.key === 'soumu');
  if (!soumu) throw new Error('demo estate has no running site soumu');
  const from = Math.ceil((now + 2 * DAY_MS) / 3_600_000) * 3_600_000;
  return {
    channels: [{ name: DEMO_CHANNEL, type: 'webhook', url: socHookUrl, secret: 'demo-only-webhook-signing-secret' }],
    routes: [{ minSeverity: 'high', channels: [DEMO_CHANNEL] }],
    maintenance: [
      {
        site: soumu.origin,
        from: new Date(from).toISOString(),
        to: new Date(from + 4 * 3_600_000).toISOString(),
        reason: 'CMS upgrade (demo)',
      },
    ],
  };
}
