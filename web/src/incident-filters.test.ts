import { describe, expect, it } from 'vitest';
import { incidentFiltersToSearch, incidentQuery, readIncidentFilters } from './incident-filters.ts';

describe('incident filters', () => {
  it('defaults to the active incidents, and "any" state is said explicitly', () => {
    expect(readIncidentFilters('')).toEqual({
      state: 'active',
      organisationId: '',
      severity: '',
      kind: '',
      campaignId: '',
    });
    expect(readIncidentFilters('?state=any').state).toBe('');
    expect(incidentFiltersToSearch(readIncidentFilters(''))).toBe('');
    expect(incidentFiltersToSearch({ ...readIncidentFilters(''), state: '' })).toBe('?state=any');
  });

  it('round-trips every filter through the address bar', () => {
    const search = '?state=resolved&org=3&severity=critical&kind=tampered&campaign=7';
    const f = readIncidentFilters(search);
    expect(f).toEqual({
      state: 'resolved',
      organisationId: '3',
      severity: 'critical',
      kind: 'tampered',
      campaignId: '7',
    });
    expect(incidentFiltersToSearch(f)).toBe(search);
  });

  it('sends only the filters that are set', () => {
    expect(incidentQuery(readIncidentFilters('?severity=high&org=2'), 100)).toEqual({
      limit: '100',
      state: 'active',
      severity: 'high',
      organisationId: '2',
    });
    expect(incidentQuery(readIncidentFilters('?state=any'), 50)).toEqual({ limit: '50' });
  });
});
