import { describe, expect, it } from 'vitest';
import type { DiscoveryReport } from '../../import/discover.ts';
import { formatDiscoveryReport } from './discover.ts';

const O = 'https://www.city.example.jp';

describe('formatDiscoveryReport', () => {
  it('prints each sitemap read, then findings worst first with every reason', () => {
    const report: DiscoveryReport = {
      added: 2,
      failed: 1,
      sources: [
        {
          ok: true,
          sourceId: 1,
          siteId: 1,
          url: `${O}/sitemap.xml`,
          sitemapsRead: 1,
          listed: 5,
          added: 2,
          findings: [],
          problems: ['cannot fetch x: 404'],
        },
        {
          ok: false,
          sourceId: 2,
          siteId: 2,
          url: 'https://b.example/sitemap.xml',
          message: 'cannot fetch https://b.example/sitemap.xml: timeout',
        },
      ],
      findings: [
        {
          id: 1,
          siteId: 1,
          url: `${O}/promo/slot-1.html`,
          createdAt: 0,
          resolvedAt: null,
          reasons: [
            { code: 'page-burst', severity: 'low', message: 'burst' },
            { code: 'spam-path', severity: 'medium', message: 'spam' },
          ],
        },
        {
          id: 2,
          siteId: 1,
          url: `${O}/hacked.html`,
          createdAt: 0,
          resolvedAt: null,
          reasons: [{ code: 'defacer-path', severity: 'high', message: 'defacer' }],
        },
      ],
    };
    expect(formatDiscoveryReport(report).split('\n')).toEqual([
      `read    ${O}/sitemap.xml (+1 nested): 5 listed, 2 new pages watched, 0 findings`,
      '        problem: cannot fetch x: 404',
      'FAILED  https://b.example/sitemap.xml: cannot fetch https://b.example/sitemap.xml: timeout',
      `HIGH    ${O}/hacked.html`,
      '          defacer-path: defacer',
      `MEDIUM  ${O}/promo/slot-1.html`,
      '          spam-path: spam',
      '          page-burst: burst',
      '2 findings, 2 pages added, 1 sitemap unreadable',
    ]);
  });

  it('explains that there is nothing to read yet', () => {
    expect(formatDiscoveryReport({ sources: [], findings: [], added: 0, failed: 0 })).toContain('mamori import');
  });
});
