import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { ja } from './ja.ts';
import { pickLocale, translator } from './translate.ts';

describe('translator', () => {
  it('fills placeholders and leaves an unknown one visible', () => {
    expect(translator('en')('overview.showing', { shown: 50, total: '1,200' })).toBe('Showing 50 of 1,200');
    expect(translator('ja')('overview.showing', { shown: 50, total: '1,200' })).toBe('1,200 件中 50 件を表示');
    expect(translator('en')('overview.showing', { shown: 5 })).toBe('Showing 5 of {total}');
  });

  it('has every English key in Japanese, with the same placeholders', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(ja[key], key).toBeTruthy();
      expect(names(ja[key]), key).toEqual(names(en[key]));
    }
  });
});

describe('pickLocale', () => {
  it('prefers the choice made in this browser, then the account, then the browser', () => {
    expect(pickLocale('en', 'ja', ['ja-JP'])).toBe('en');
    expect(pickLocale(null, 'en', ['ja-JP'])).toBe('en');
    expect(pickLocale(null, undefined, ['fr-FR', 'en-US'])).toBe('en');
  });

  it('falls back to Japanese when nothing known is offered', () => {
    expect(pickLocale('xx', undefined, ['fr-FR'])).toBe('ja');
  });
});
