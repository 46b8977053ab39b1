import { describe, expect, it } from 'vitest';
import { parseRoute } from './router.ts';

describe('parseRoute', () => {
  it('reads the app’s paths', () => {
    expect(parseRoute('/')).toEqual({ name: 'overview' });
    expect(parseRoute('/incidents/42')).toEqual({ name: 'incident', id: 42 });
    expect(parseRoute('/campaigns/7')).toEqual({ name: 'campaign', id: 7 });
    expect(parseRoute('/campaigns/x')).toEqual({ name: 'not-found' });
    expect(parseRoute('/pages/7/')).toEqual({ name: 'page', id: 7 });
    expect(parseRoute('/pages/7/history')).toEqual({ name: 'page-history', id: 7 });
    expect(parseRoute('/sites/3')).toEqual({ name: 'site', id: 3 });
    expect(parseRoute('/threats')).toEqual({ name: 'threats' });
  });

  it('sends anything else to not found, ids included', () => {
    expect(parseRoute('/incidents/0')).toEqual({ name: 'not-found' });
    expect(parseRoute('/incidents/1e3')).toEqual({ name: 'not-found' });
    expect(parseRoute('/pages/7/edit')).toEqual({ name: 'not-found' });
    expect(parseRoute('/pages/x/history')).toEqual({ name: 'not-found' });
    expect(parseRoute('/sites/7/history')).toEqual({ name: 'not-found' });
  });
});
