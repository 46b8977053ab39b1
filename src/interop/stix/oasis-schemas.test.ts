import { describe, expect, it } from 'vitest';
import { buildBundle } from './bundle.ts';
import { INCIDENT_CORE_EXTENSION_ID, checkIncidentCore } from './incident-core.ts';
import { OASIS_SCHEMAS_DIR, loadOasisValidator } from './oasis-schemas.ts';
import { fixture } from './test-fixture.ts';
import type { StixObject } from './types.ts';

const SCHEMAS = OASIS_SCHEMAS_DIR;
const validator = loadOasisValidator(SCHEMAS);
const underCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';

if (!validator) {
  if (underCi) throw new Error(`The OASIS STIX 2.1 schemas are required under CI, at ${SCHEMAS}`);
  console.warn(`Skipping the OASIS STIX 2.1 schema checks: no schemas at ${SCHEMAS}.`);
}

describe.skipIf(!validator)('STIX output against the OASIS STIX 2.1 JSON schemas', () => {
  const scopes = ['campaign:7', 'incident:11', 'incident:12', 'window'];

  it.each(scopes)('every object of a %s bundle validates', (scope) => {
    const { objects } = buildBundle(fixture(), scope);
    expect(objects.length).toBeGreaterThan(3);
    expect(objects.flatMap((o) => validator!.validate(o))).toEqual([]);
  });

  it('validates every incident with its Incident Core extension, and the extension definition, in every state', () => {
    const input = fixture();
    const states = [
      { state: 'open', resolution: null },
      { state: 'acknowledged', resolution: null },
      { state: 'resolved', resolution: 'resolved' },
      { state: 'resolved', resolution: 'restored' },
      { state: 'false_positive', resolution: 'false_positive' },
    ];
    input.incidents = states.flatMap((s, n) =>
      input.incidents.map((i) => ({ ...i, ...s, id: i.id * 100 + n, kind: n % 2 === 0 ? 'tampered' : 'down' })),
    );
    const objects = buildBundle(input, 'window').objects;
    const incidents = objects.filter((o) => o.type === 'incident');
    expect(incidents).toHaveLength(states.length * 2);
    const definitions = objects.filter((o) => o.type === 'extension-definition');
    expect(definitions.map((o) => o.id)).toEqual([INCIDENT_CORE_EXTENSION_ID]);
    expect([...incidents, ...definitions].flatMap((o) => validator!.validate(o))).toEqual([]);
    expect(incidents.flatMap(checkIncidentCore)).toEqual([]);
  });

  it('refuses an extension without its extension_type (the OASIS schemas check that much of it)', () => {
    const incident = buildBundle(fixture(), 'incident:11').objects.find((o) => o.type === 'incident')!;
    const { extension_type: _dropped, ...rest } = (incident.extensions as Record<string, Record<string, unknown>>)[
      INCIDENT_CORE_EXTENSION_ID
    ]!;
    const broken = { ...incident, extensions: { [INCIDENT_CORE_EXTENSION_ID]: rest } };
    expect(validator!.validate(broken).length).toBeGreaterThan(0);
  });

  it('validates a threat report whose announcement has no address of its own', () => {
    const input = fixture();
    input.threats = input.threats.map((t) => ({ ...t, sourceUrl: null }));
    const reports = buildBundle(input, 'campaign:7').objects.filter((o) => o.type === 'report');
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.flatMap((o) => validator!.validate(o))).toEqual([]);
  });

  it('refuses what the schemas refuse (so a pass means something)', () => {
    const [first] = buildBundle(fixture(), 'campaign:7').objects;
    const broken: StixObject = { ...first!, spec_version: '2.0', created: 'yesterday' };
    expect(validator!.validate(broken).length).toBeGreaterThan(0);
    expect(validator!.validate({ ...first!, type: 'no-such-type' })).toEqual([
      expect.stringMatching(/no OASIS schema/),
    ]);
  });
});
