import { describe, expect, it } from 'vitest';
import { buildBundle } from './bundle.ts';
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
