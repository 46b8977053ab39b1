import { describe, expect, it } from 'vitest';
import { filtersToSearch, overviewQuery, pagesBySite, readFilters } from './overview-model.ts';

describe('overview filters', () => {
  it('round-trip through the address bar and become the API query', () => {
    const f = readFilters('?q=news&status=tampered&org=2&after=40');
    expect(filtersToSearch(f)).toBe('?q=news&status=tampered&org=2&after=40');
    expect(new URLSearchParams(overviewQuery(f, 50)).toString()).toBe(
      'limit=50&q=news&status=tampered&organisationId=2&after=40',
    );
    expect(overviewQuery(readFilters(''), 50)).toEqual({ limit: '50' });
    expect(filtersToSearch(readFilters(''))).toBe('');
  });
});

describe('pagesBySite', () => {
  it('groups the overview’s pages by site, keeping the server’s order', () => {
    const grouped = pagesBySite([
      { id: 1, siteId: 10 },
      { id: 2, siteId: 11 },
      { id: 3, siteId: 10 },
    ]);
    expect([...grouped.keys()]).toEqual([10, 11]);
    expect(grouped.get(10)?.map((p) => p.id)).toEqual([1, 3]);
  });
});
