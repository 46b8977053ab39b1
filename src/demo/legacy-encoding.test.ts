import { describe, expect, it } from 'vitest';
import { encodeLegacy, encodeText } from './legacy-encoding.ts';

const JAPANESE =
  '法務省 横浜地方法務局「不動産登記」の申請書様式（令和8年4月1日）。ｶﾀｶﾅ・ひらがな・カタカナ ABC 123 <a href="/x">';

describe('legacy encoders', () => {
  it('Shift_JIS round-trips Japanese text through TextDecoder', () => {
    const { bytes, unencodable } = encodeLegacy(JAPANESE, 'shift_jis');
    expect(unencodable).toBe(0);
    expect(new TextDecoder('shift_jis').decode(bytes)).toBe(JAPANESE);
    expect([...encodeLegacy('日本', 'shift_jis').bytes]).toEqual([0x93, 0xfa, 0x96, 0x7b]);
  });

  it('EUC-JP round-trips Japanese text through TextDecoder', () => {
    const { bytes, unencodable } = encodeLegacy(JAPANESE, 'euc-jp');
    expect(unencodable).toBe(0);
    expect(new TextDecoder('euc-jp').decode(bytes)).toBe(JAPANESE);
    expect([...encodeLegacy('日本', 'euc-jp').bytes]).toEqual([0xc6, 0xfc, 0xcb, 0xdc]);
  });

  it('writes characters the encoding lacks as numeric character references', () => {
    const { bytes, unencodable } = encodeLegacy('a😀b', 'shift_jis');
    expect(unencodable).toBe(1);
    expect(bytes.toString('latin1')).toBe('a&#128512;b');
  });

  it('passes UTF-8 through', () => {
    expect(encodeText('法務省', 'utf-8').equals(Buffer.from('法務省'))).toBe(true);
  });
});
