import { describe, expect, it } from 'vitest';
import type { Claim, Threat } from '../../intel/types.ts';
import { formatClaim, formatThreats } from './intel.ts';

const NOW = 1_760_000_000_000;
const HOUR = 3_600_000;
const threat: Threat = {
  id: 'thr-1',
  title: '#OpCopyright',
  summary: '…',
  source: 'api',
  sourceUrl: null,
  publishedAt: NOW - HOUR,
  createdAt: NOW - HOUR,
  watchUntil: NOW + 2 * HOUR,
  keywords: ['#opcopyright'],
  reasons: [],
  targets: [
    { organisationId: 1, by: 'sector', term: 'government (government)', watchUntil: NOW + 2 * HOUR },
    { organisationId: 9, by: 'alias', term: 'RIAJ', watchUntil: NOW + 2 * HOUR },
  ],
};

describe('intel formatters', () => {
  it('lists threats with their watch window and targets', () => {
    expect(
      formatThreats(
        [threat, { ...threat, id: 'thr-2', watchUntil: NOW - 1, targets: [], keywords: [] }],
        new Map([[1, '法務省']]),
        NOW,
      ),
    ).toBe(
      [
        'thr-1    1h ago  watching 2h more   #OpCopyright  (api)',
        '    targets: 法務省 by sector “government (government)”, #9 by alias “RIAJ”',
        '    keywords: #opcopyright',
        'thr-2    1h ago  window over        #OpCopyright  (api)',
        '    targets: none named',
        '2 threats, 1 with an open window',
      ].join('\n'),
    );
    expect(formatThreats([], new Map(), NOW)).toBe('No threats.');
  });

  it('puts a claim’s answer first, then its checks and incident', () => {
    const claim: Claim = {
      id: 'clm-1',
      text: 'x hacked',
      source: 'api',
      sourceUrl: null,
      targetUrl: 'https://x.example/',
      asserts: 'defaced',
      status: 'confirmed',
      summary: 'Confirmed: it is tampered.',
      organisationId: 1,
      siteId: 2,
      threatId: null,
      incidentId: 7,
      checkIds: [3, 4],
      createdAt: NOW,
      checkedAt: NOW,
    };
    expect(formatClaim(claim)).toBe(
      [
        'CONFIRMED  Confirmed: it is tampered.',
        '  claim clm-1 (defaced): “x hacked”',
        `  checks: #3, #4 at ${new Date(NOW).toISOString()}`,
        '  incident: #7',
      ].join('\n'),
    );
  });
});
