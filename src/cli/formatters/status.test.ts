import { describe, expect, it } from 'vitest';
import { formatEstateTree } from './status.ts';
import type { EstateTree } from '../../estate/estate-tree.ts';

describe('formatEstateTree', () => {
  it('prints organisation, site counts and problem pages with their reason', () => {
    const now = 10_000_000;
    const tree: EstateTree = {
      total: 3,
      organisations: [
        {
          organisation: { id: 1, slug: 'moj', name: '法務省', aliases: [], createdAt: 0 },
          sites: [
            {
              site: {
                id: 1,
                organisationId: 1,
                origin: 'https://www.moj.example',
                name: 'moj',
                intervalSeconds: null,
                createdAt: 0,
              },
              counts: { up: 2, down: 1 },
              total: 3,
              omitted: 0,
              pages: [
                {
                  id: 3,
                  url: 'https://www.moj.example/a/b',
                  status: 'down',
                  state: 'down',
                  lastCheckedAt: now - 120_000,
                  topReason: { code: 'http-5xx', severity: 'high', message: 'HTTP 503' },
                },
              ],
            },
          ],
        },
      ],
    };
    expect(formatEstateTree(tree, now).split('\n')).toEqual([
      '法務省 (moj)',
      '  https://www.moj.example  3 pages: 1 down, 2 up',
      '    DOWN       https://www.moj.example/a/b  (2m ago)',
      '               http-5xx: HTTP 503',
      '3 pages in 1 organisation',
    ]);
  });

  it('explains an empty estate', () => {
    expect(formatEstateTree({ organisations: [], total: 0 }, 0)).toContain('mamori import');
  });
});
