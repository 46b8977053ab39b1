import { describe, expect, it } from 'vitest';
import { BAD_ENCODING_RATIO, charsetCandidates, decodeHtml } from './decode.ts';

// TextEncoder only writes UTF-8; legacy Japanese bytes are written out by hand.
const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');
const concat = (...parts: Uint8Array[]): Buffer => Buffer.concat(parts);

/** 「法令」 */
const HOREI = { sjis: hex('964097df'), eucjp: hex('cba1cee1'), iso2022jp: hex('1b24424b214e611b2842') };
/** <p>日本国憲法は、国民主権、基本的人権の尊重、平和主義の三つを基本原理としています。</p> */
const SENTENCE_TEXT = '<p>日本国憲法は、国民主権、基本的人権の尊重、平和主義の三つを基本原理としています。</p>';
const SENTENCE = {
  sjis: hex(`3c703e93fa967b8d918c9b964082cd81418d9196af8ee58ca081418aee967b9349906c8ca082cc91b88f64814195bd98618ee58b6082cc8e4f82c2
    82f08aee967b8cb4979d82c682b582c482a282dc82b781423c2f703e`),
  eucjp:
    hex(`3c703ec6fccbdcb9f1b7fbcba1a4cfa1a2b9f1ccb1bce7b8a2a1a2b4f0cbdcc5aabfcdb8a2a4cec2babdc5a1a2cabfcfc2bce7b5c1a4cebbb0a4c4
    a4f2b4f0cbdcb8b6cdfda4c8a4b7a4c6a4a4a4dea4b9a1a33c2f703e`),
  iso2022jp:
    hex(`3c703e1b2442467c4b5c3971377b4b21244f212239714c313c673822212234704b5c452a3f4d3822244e423a3d4521224a3f4f423c673541244e
    3b302444247234704b5c38364d7d2448243724462424245e243921231b28423c2f703e`),
};

const page = (head: string, body: Uint8Array): Buffer =>
  concat(ascii(`<!DOCTYPE html><html><head>${head}<title>e-Gov</title></head><body>`), body, ascii('</body></html>'));

describe('decodeHtml: where the charset comes from', () => {
  it('uses the Content-Type charset first', () => {
    const result = decodeHtml(page('', SENTENCE.eucjp), 'text/html; charset=EUC-JP');
    expect(result).toMatchObject({ charset: 'euc-jp', charsetSource: 'header', replacementRatio: 0 });
    expect(result.text).toContain(SENTENCE_TEXT);
  });

  it('reads <meta charset> when the header has none (Shift_JIS page)', () => {
    const result = decodeHtml(page('<meta charset="Shift_JIS">', concat(HOREI.sjis, SENTENCE.sjis)), 'text/html');
    expect(result).toMatchObject({ charset: 'shift_jis', charsetSource: 'meta' });
    expect(result.text).toContain('法令');
    expect(result.text).toContain(SENTENCE_TEXT);
  });

  it('reads <meta http-equiv="Content-Type"> and maps legacy labels (x-sjis)', () => {
    const head = `<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=x-sjis">`;
    expect(decodeHtml(page(head, SENTENCE.sjis), null)).toMatchObject({ charset: 'shift_jis', charsetSource: 'meta' });
  });

  it('decodes ISO-2022-JP escape sequences when declared', () => {
    const result = decodeHtml(page('<meta charset="iso-2022-jp">', concat(HOREI.iso2022jp, SENTENCE.iso2022jp)), null);
    expect(result).toMatchObject({ charset: 'iso-2022-jp', charsetSource: 'meta' });
    expect(result.text).toContain('法令');
    expect(result.text).toContain(SENTENCE_TEXT);
  });

  it('sniffs undeclared ISO-2022-JP (7-bit, so it would pass as UTF-8 without the sniff)', () => {
    const result = decodeHtml(page('', SENTENCE.iso2022jp), 'text/html');
    expect(result).toMatchObject({ charset: 'iso-2022-jp', charsetSource: 'sniff' });
    expect(result.text).toContain(SENTENCE_TEXT);
  });

  it('sniffs undeclared EUC-JP', () => {
    expect(decodeHtml(page('', SENTENCE.eucjp), null)).toMatchObject({ charset: 'euc-jp', charsetSource: 'sniff' });
  });

  it('honours a UTF-8 BOM, even over a header that says otherwise', () => {
    const bytes = concat(hex('efbbbf'), Buffer.from(`<html><body>${SENTENCE_TEXT}</body></html>`));
    const result = decodeHtml(bytes, 'text/html; charset=Shift_JIS');
    expect(result).toMatchObject({ charset: 'utf-8', charsetSource: 'bom' });
    expect(result.text.startsWith('<html>')).toBe(true);
    expect(result.text).toContain(SENTENCE_TEXT);
  });

  it('defaults to UTF-8 for plain ASCII and for empty bodies', () => {
    expect(decodeHtml(ascii('<html><body>hello</body></html>'), null)).toMatchObject({
      charset: 'utf-8',
      charsetSource: 'default',
      text: '<html><body>hello</body></html>',
    });
    expect(decodeHtml(new Uint8Array(0), null)).toMatchObject({ charset: 'utf-8', text: '', replacementRatio: 0 });
    expect(decodeHtml(Buffer.from(`<p>${SENTENCE_TEXT}</p>`), null)).toMatchObject({
      charset: 'utf-8',
      replacementRatio: 0,
    });
  });
});

describe('decodeHtml: when the declaration is wrong', () => {
  it('falls back to the meta charset when the header says UTF-8 but the bytes are Shift_JIS', () => {
    const result = decodeHtml(page('<meta charset="shift_jis">', SENTENCE.sjis), 'text/html; charset=utf-8');
    expect(result).toMatchObject({ charset: 'shift_jis', charsetSource: 'meta', replacementRatio: 0 });
    expect(result.text).toContain(SENTENCE_TEXT);
  });

  it('falls back to a confident sniff when nothing else is declared correctly', () => {
    const result = decodeHtml(page('', concat(SENTENCE.sjis, SENTENCE.sjis)), 'text/html; charset=utf-8');
    expect(result).toMatchObject({ charset: 'shift_jis', charsetSource: 'sniff' });
    expect(result.text).toContain(SENTENCE_TEXT);
  });

  it('keeps a declared charset despite a stray bad byte, reporting a small replacement ratio', () => {
    const body = Buffer.from(`<html><body>${SENTENCE_TEXT.repeat(3)}\u00a0English text too.</body></html>`);
    const withStray = concat(body.subarray(0, 12), hex('ff'), body.subarray(12));
    const result = decodeHtml(withStray, 'text/html; charset=utf-8');
    expect(result).toMatchObject({ charset: 'utf-8', charsetSource: 'header' });
    expect(result.replacementRatio).toBeGreaterThan(0);
    expect(result.replacementRatio).toBeLessThan(BAD_ENCODING_RATIO);
  });

  it('chooses the least damaged reading when no candidate decodes cleanly', () => {
    const sjisWithStray = concat(
      SENTENCE.sjis.subarray(0, 20),
      hex('fd'),
      SENTENCE.sjis.subarray(20),
      SENTENCE.sjis,
      SENTENCE.sjis,
    );
    const result = decodeHtml(page('<meta charset="shift_jis">', sjisWithStray), 'text/html; charset=utf-8');
    expect(result).toMatchObject({ charset: 'shift_jis', charsetSource: 'meta' });
    expect(result.replacementRatio).toBeGreaterThan(0);
    expect(result.replacementRatio).toBeLessThan(BAD_ENCODING_RATIO);
  });

  it('reports a high replacement ratio for bytes that are mostly garbage', () => {
    const garbage = Buffer.alloc(4000);
    let seed = 12345;
    for (let i = 0; i < garbage.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      garbage[i] = 0x80 | ((seed >> 16) & 0x7f);
    }
    const result = decodeHtml(
      concat(ascii('<html><body>'), garbage, ascii('</body></html>')),
      'text/html; charset=utf-8',
    );
    expect(result.charset).toBe('utf-8');
    expect(result.replacementRatio).toBeGreaterThan(BAD_ENCODING_RATIO);
  });

  it('ignores a single-byte sniff when a charset was declared (no mojibake fallback)', () => {
    const latinish = concat(
      ascii('<html><body>caf'),
      hex('e9'),
      ascii(' au lait, cr'),
      hex('e8'),
      ascii('me br'),
      hex('fb'),
      ascii('l'),
      hex('e9e9'),
      ascii('</body></html>'),
    );
    const sources = charsetCandidates(latinish, 'text/html; charset=utf-8').map((c) => c.source);
    expect(sources).not.toContain('sniff');
  });

  it('ignores unusable labels in the header and moves on', () => {
    expect(
      decodeHtml(page('<meta charset="euc-jp">', SENTENCE.eucjp), 'text/html; charset=no-such-charset'),
    ).toMatchObject({ charset: 'euc-jp', charsetSource: 'meta' });
  });
});
