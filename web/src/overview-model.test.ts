import { describe, expect, it } from 'vitest';
import { filtersToSearch, groupPages, pagesQuery, readFilters } from './overview-model.ts';
import type { Organisation, Page, Site } from './types.ts';

const orgs: Organisation[] = [
  { id: 1, slug: 'soumu', name: '総務省', aliases: [] },
  { id: 2, slug: 'courts', name: '裁判所', aliases: [] },
];
const sites: Site[] = [
  { id: 10, organisationId: 1, origin: 'http://a.test', name: 'A' },
  { id: 11, organisationId: 2, origin: 'http://b.test', name: 'B' },
];
const page = (id: number, siteId: number): Page => ({
  id,
  siteId,
  url: `http://x.test/${id}`,
  source: 'declared',
  status: 'unchanged',
  lastCheckId: null,
  lastCheckedAt: null,
  baseline: null,
});

describe('groupPages', () => {
  it('groups a page of pages by organisation and site in the order they came', () => {
    const groups = groupPages([page(1, 10), page(2, 11), page(3, 10)], sites, orgs);
    expect(groups.map((g) => g.organisation.name)).toEqual(['総務省', '裁判所']);
    expect(groups[0]?.sites[0]?.pages.map((p) => p.id)).toEqual([1, 3]);
  });

  it('still shows a page whose site is not in the list', () => {
    const groups = groupPages([page(4, 99)], sites, orgs);
    expect(groups[0]?.sites[0]?.site.origin).toBe('http://x.test');
  });
});

describe('overview filters', () => {
  it('round-trip through the address bar and become the API query', () => {
    const f = readFilters('?q=news&status=tampered&org=2&after=40');
    expect(filtersToSearch(f)).toBe('?q=news&status=tampered&org=2&after=40');
    expect(pagesQuery(f, 50)).toBe('/api/pages?limit=50&search=news&status=tampered&organisationId=2&after=40');
    expect(filtersToSearch(readFilters(''))).toBe('');
  });
});
