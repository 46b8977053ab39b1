import { describe, expect, it } from 'vitest';
import { charsetFromBom, normalizeCharset, prescanMetaCharset } from './charset.ts';

const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');

describe('normalizeCharset', () => {
  it.each([
    ['Shift_JIS', 'shift_jis'],
    ['x-sjis', 'shift_jis'],
    ['SJIS', 'shift_jis'],
    ['cp932', 'shift_jis'],
    ['Windows-31J', 'shift_jis'],
    ['MS_Kanji', 'shift_jis'],
    ['EUC-JP', 'euc-jp'],
    ['x-euc-jp', 'euc-jp'],
    ['eucJP-win', 'euc-jp'],
    ['ISO-2022-JP', 'iso-2022-jp'],
    ['csISO2022JP', 'iso-2022-jp'],
    ['GB2312', 'gbk'],
    ['cp936', 'gbk'],
    ['ISO-8859-1', 'windows-1252'],
    ['us-ascii', 'windows-1252'],
    ['"utf8"', 'utf-8'],
    [' UTF-8 ', 'utf-8'],
  ])('%s → %s', (label, expected) => {
    expect(normalizeCharset(label)).toBe(expected);
  });

  it('returns null for unknown or unusable labels', () => {
    expect(normalizeCharset('klingon')).toBeNull();
    expect(normalizeCharset('')).toBeNull();
    expect(normalizeCharset('iso-2022-kr')).toBeNull(); // WHATWG "replacement": never decodes to text
  });
});

describe('charsetFromBom', () => {
  it('recognises UTF-8 and UTF-16 BOMs', () => {
    expect(charsetFromBom(Uint8Array.of(0xef, 0xbb, 0xbf, 0x3c))).toBe('utf-8');
    expect(charsetFromBom(Uint8Array.of(0xfe, 0xff, 0, 0x3c))).toBe('utf-16be');
    expect(charsetFromBom(Uint8Array.of(0xff, 0xfe, 0x3c, 0))).toBe('utf-16le');
    expect(charsetFromBom(ascii('<html>'))).toBeNull();
  });
});

describe('prescanMetaCharset', () => {
  it('finds <meta charset> in its various spellings', () => {
    expect(prescanMetaCharset(ascii('<html><head><meta charset="Shift_JIS">'))).toBe('shift_jis');
    expect(prescanMetaCharset(ascii("<meta charset='euc-jp'/>"))).toBe('euc-jp');
    expect(prescanMetaCharset(ascii('<META CHARSET=x-sjis>'))).toBe('shift_jis');
  });

  it('finds the http-equiv pragma in either attribute order', () => {
    expect(prescanMetaCharset(ascii('<meta http-equiv="Content-Type" content="text/html; charset=EUC-JP">'))).toBe(
      'euc-jp',
    );
    expect(
      prescanMetaCharset(
        ascii('<meta content="text/html;charset=&quot;x&quot;" http-equiv="content-type"><meta charset="sjis">'),
      ),
    ).toBe('shift_jis');
    expect(
      prescanMetaCharset(ascii("<meta content='text/html; charset=\"iso-2022-jp\"' http-equiv='Content-Type'>")),
    ).toBe('iso-2022-jp');
  });

  it('ignores a content charset without the content-type pragma, and metas inside comments', () => {
    expect(prescanMetaCharset(ascii('<meta name="description" content="charset=euc-jp">'))).toBeNull();
    expect(prescanMetaCharset(ascii('<!-- <meta charset="euc-jp"> --><meta charset="shift_jis">'))).toBe('shift_jis');
  });

  it('treats a meta-declared UTF-16 as UTF-8, and skips unknown labels', () => {
    expect(prescanMetaCharset(ascii('<meta charset="utf-16">'))).toBe('utf-8');
    expect(prescanMetaCharset(ascii('<meta charset="bogus"><meta charset="euc-jp">'))).toBe('euc-jp');
  });

  it('only looks at the first bytes', () => {
    const late = ascii(`${' '.repeat(5000)}<meta charset="euc-jp">`);
    expect(prescanMetaCharset(late)).toBeNull();
    expect(prescanMetaCharset(late, 8192)).toBe('euc-jp');
  });
});

describe('the charset label cache', () => {
  it('stays bounded under a flood of made-up labels and still resolves real ones', async () => {
    const { CHARSET_CACHE_SIZE, charsetCacheSize } = await import('./charset.ts');
    for (let i = 0; i < 20_000; i++) normalizeCharset(`x-made-up-${i}`);
    expect(charsetCacheSize()).toBeLessThanOrEqual(CHARSET_CACHE_SIZE);
    expect(normalizeCharset('Shift_JIS')).toBe('shift_jis');
    expect(normalizeCharset('x'.repeat(100_000))).toBeNull();
  });
});
