import { describe, expect, it } from 'vitest';
import { fixture } from '../stix/test-fixture.ts';
import { theHiveCase, theHiveObservables, type CaseContent } from './case.ts';

const MARKING = { tlp: 'amber', pap: 'amber' } as const;

function content(): CaseContent {
  const input = fixture();
  const incident = input.incidents[0]!;
  const observations = input.observations
    .filter((o) => o.incidentIds.includes(incident.id))
    .map((o) => ({ ...o, bodySha256: 'b'.repeat(64) }));
  return { incident, organisation: input.organisations[0]!, observations, screenshots: [] };
}

describe('theHiveCase', () => {
  it('lists each check with its time, verdict and reasons', () => {
    const c = content();
    const o = c.observations[0]!;
    const text = theHiveCase(c, MARKING).description;
    expect(text).toContain(`- ${new Date(o.at).toISOString()} ${o.url}: HTTP ${o.httpStatus}`);
    expect(text).not.toMatch(/seen \d+ times/);
  });

  it('describes a run of identical checks by its count and last time, in the case and its body hash', () => {
    const c = content();
    const o = c.observations[0]!;
    const later = o.at + 30 * 60_000;
    const run = { ...c, observations: [{ ...o, seenCount: 7, lastSeenAt: later }, ...c.observations.slice(1)] };
    const suffix = ` (seen 7 times, until ${new Date(later).toISOString()})`;
    expect(theHiveCase(run, MARKING).description).toContain(`- ${new Date(o.at).toISOString()}${suffix} ${o.url}`);
    const hash = theHiveObservables(run, MARKING).find((x) => x.observable.dataType === 'hash');
    expect(hash?.observable.message).toContain(`check ${o.checkId}${suffix}`);
  });
});
