import { describe, expect, it } from 'vitest';
import { normaliseSearch, pageSearchText, searchWords } from './search-text.ts';

describe('search text', () => {
  it('folds width and case so Japanese and English queries meet their text', () => {
    expect(normaliseSearch('ＭＯＪ　法務省')).toBe('moj 法務省');
    expect(normaliseSearch('ｶﾞｲﾄﾞ')).toBe('ガイド');
    expect(searchWords('  Justice  justice ＮＥＷＳ ')).toEqual(['justice', 'news']);
    expect(searchWords(undefined)).toEqual([]);
    expect(pageSearchText('https://WWW.moj.go.jp/', 'ＫＩＤＳ ページ')).toBe('https://www.moj.go.jp/ kids ページ');
    expect(pageSearchText('https://a.example/', null)).toBe('https://a.example/');
  });
});
