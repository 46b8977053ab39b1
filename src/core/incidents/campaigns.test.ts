import { describe, expect, it } from 'vitest';
import { groupIntoCampaign, linkKeys, sharedKeys, type CampaignMember } from './campaigns.ts';

const HOUR = 3_600_000;
const T = 1_760_000_000_000;
const options = { windowMs: 24 * HOUR };

function member(incidentId: number, overrides: Partial<CampaignMember> = {}): CampaignMember {
  return {
    incidentId,
    siteId: incidentId * 10,
    organisationId: 1,
    openedAt: T,
    signatures: [],
    hosts: [],
    threatId: null,
    campaignId: null,
    ...overrides,
  };
}

describe('campaign keys', () => {
  it('links by threat at any distance, by signature or host only within the window', () => {
    expect(linkKeys(member(1, { threatId: 'op-x', signatures: ['hacked by ghost'], hosts: ['evil.example'] }))).toEqual(
      {
        timeless: ['threat:op-x'],
        windowed: ['signature:hacked by ghost', 'host:evil.example'],
      },
    );
    const a = member(1, { signatures: ['hacked by ghost'], threatId: 'op-x' });
    expect(sharedKeys(a, member(2, { signatures: ['hacked by ghost'], openedAt: T + HOUR }), options)).toEqual([
      'signature:hacked by ghost',
    ]);
    expect(sharedKeys(a, member(2, { signatures: ['hacked by ghost'], openedAt: T + 48 * HOUR }), options)).toEqual([]);
    expect(sharedKeys(a, member(2, { threatId: 'op-x', openedAt: T + 480 * HOUR }), options)).toEqual(['threat:op-x']);
  });

  it('never links two incidents of one site', () => {
    expect(
      sharedKeys(member(1, { hosts: ['x.example'] }), member(2, { siteId: 10, hosts: ['x.example'] }), options),
    ).toEqual([]);
  });
});

describe('groupIntoCampaign', () => {
  it('leaves an unrelated incident alone', () => {
    expect(
      groupIntoCampaign(member(1, { hosts: ['a.example'] }), [member(2, { hosts: ['b.example'] })], options),
    ).toEqual({ action: 'none' });
  });

  it('creates a campaign of the subject and related loose incidents, named by the signature', () => {
    const decision = groupIntoCampaign(
      member(3, { signatures: ['hacked by ghost'], hosts: ['img.example'] }),
      [
        member(1, { signatures: ['hacked by ghost'], organisationId: 2 }),
        member(2, { hosts: ['img.example'] }),
        member(4, { hosts: ['other.example'] }),
      ],
      options,
    );
    expect(decision).toEqual({
      action: 'create',
      incidentIds: [3, 1, 2],
      keys: ['host:img.example', 'signature:hacked by ghost'],
      title: '“hacked by ghost”',
    });
  });

  it('joins the oldest existing campaign and never moves a member out of its campaign', () => {
    const decision = groupIntoCampaign(
      member(5, { hosts: ['evil.example'] }),
      [
        member(1, { hosts: ['evil.example'], campaignId: 9 }),
        member(2, { hosts: ['evil.example'], campaignId: 4 }),
        member(3, { hosts: ['evil.example'] }),
      ],
      options,
    );
    expect(decision).toEqual({ action: 'join', campaignId: 4, incidentIds: [5, 3], keys: ['host:evil.example'] });
    const already = groupIntoCampaign(
      member(5, { hosts: ['evil.example'], campaignId: 9 }),
      [member(3, { hosts: ['evil.example'] })],
      options,
    );
    expect(already).toEqual({ action: 'join', campaignId: 9, incidentIds: [3], keys: ['host:evil.example'] });
  });

  it('names a campaign by its threat first', () => {
    const decision = groupIntoCampaign(
      member(1, { threatId: 'op-x', hosts: ['h.example'] }),
      [member(2, { threatId: 'op-x', hosts: ['h.example'] })],
      options,
    );
    expect(decision).toMatchObject({ action: 'create', title: 'Threat op-x' });
  });
});
