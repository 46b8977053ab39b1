/**
 * The threat and the claims of the demo's story: the collective's announcement (before the
 * attacks) and two claims posted on social media afterwards, one true and one false.
 */
import type { Runtime } from '../app/runtime.ts';
import type { EstateServer } from './estate-server.ts';
import { DEMO_INCIDENT_TARGETS } from './incidents.ts';

export const DEMO_ANNOUNCEMENT = {
  title: '#OpCopyright',
  text: 'Over the new Copyright Enforcement Act we will attack the Japanese government, its courts and the Japan Recording Industry Association. Expect us.',
  source: 'demo:hacktivist-channel',
} as const;

/** Open the demo's threat and tell what it did, in the demo's words. */
export async function announceThreat(runtime: Runtime, say: (line: string) => void): Promise<string | null> {
  const result = await runtime.intel.threats.ingest(DEMO_ANNOUNCEMENT);
  if (!result.threat) {
    say(`           the announcement opened no threat: ${result.assessment.reasons.join('; ')}`);
    return null;
  }
  const names = new Map((await runtime.store.listOrganisations()).map((o) => [o.id, o.name]));
  say(
    `           THREAT ${result.threat.id} “${DEMO_ANNOUNCEMENT.title}”: ${result.threat.targets.map((t) => `${names.get(t.organisationId) ?? t.organisationId} (by ${t.by})`).join(', ')}`,
  );
  const pace = runtime.config.intel.heightenedIntervalSeconds;
  const rendered = runtime.render && runtime.config.intel.renderOnHeightened ? `, rendered every ${pace} s` : '';
  say(
    `           on heightened watch until ${new Date(result.threat.watchUntil).toISOString()}: checked at least every ${pace} s${rendered}`,
  );
  return result.threat.id;
}

/** Two claims: the intact recording-industry site "hacked" (false), the defaced local-office page (true). */
export async function checkClaims(
  runtime: Runtime,
  server: EstateServer,
  threatId: string | null,
  say: (line: string) => void,
): Promise<void> {
  const defaced = server.urlFor(
    DEMO_INCIDENT_TARGETS.localOfficeDefaced.siteKey,
    DEMO_INCIDENT_TARGETS.localOfficeDefaced.path,
  );
  const claims = [
    `${server.urlFor('recording', '/')} was hacked by Kuro Team #OpCopyright`,
    `We defaced ${defaced} lol #OpCopyright`,
  ];
  for (const text of claims) {
    const claim = await runtime.intel.claims.verify({ text, source: 'demo:social-media', threatId });
    say(`           CLAIM “${text}”`);
    say(`             → ${claim.status.toUpperCase()} after ${claim.checkIds.length} check(s): ${claim.summary}`);
  }
}
