import { describe, expect, it } from 'vitest';
import { isHtmlEssence, looksLikeHtml, parseContentType } from './content-type.ts';

const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');

describe('parseContentType', () => {
  it('splits essence and charset', () => {
    expect(parseContentType('text/html; charset=Shift_JIS')).toEqual({ essence: 'text/html', charset: 'Shift_JIS' });
    expect(parseContentType('Text/HTML;Charset="EUC-JP"')).toEqual({ essence: 'text/html', charset: 'EUC-JP' });
    expect(parseContentType('application/xhtml+xml')).toEqual({ essence: 'application/xhtml+xml', charset: null });
    expect(parseContentType('text/html; foo=bar; charset=')).toEqual({ essence: 'text/html', charset: null });
  });

  it('returns null for missing or malformed values', () => {
    expect(parseContentType(null)).toBeNull();
    expect(parseContentType('')).toBeNull();
    expect(parseContentType('html')).toBeNull();
  });
});

describe('isHtmlEssence', () => {
  it('accepts HTML and XHTML only', () => {
    expect(isHtmlEssence('text/html')).toBe(true);
    expect(isHtmlEssence('application/xhtml+xml')).toBe(true);
    for (const other of [
      'image/png',
      'application/pdf',
      'application/octet-stream',
      'text/plain',
      'application/json',
    ]) {
      expect(isHtmlEssence(other), other).toBe(false);
    }
  });
});

describe('looksLikeHtml', () => {
  it('recognises HTML openings after a BOM and whitespace', () => {
    expect(looksLikeHtml(ascii('<!DOCTYPE html><html>'))).toBe(true);
    expect(looksLikeHtml(ascii('\r\n  <HTML lang="ja">'))).toBe(true);
    expect(looksLikeHtml(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), ascii('<html>')]))).toBe(true);
    expect(looksLikeHtml(ascii('<!-- generated -->\n<html>'))).toBe(true);
    expect(looksLikeHtml(ascii('<p>hello</p>'))).toBe(true);
  });

  it('rejects other things', () => {
    expect(looksLikeHtml(Buffer.from('89504e470d0a1a0a', 'hex'))).toBe(false);
    expect(looksLikeHtml(ascii('%PDF-1.7'))).toBe(false);
    expect(looksLikeHtml(ascii('{"json": true}'))).toBe(false);
    expect(looksLikeHtml(ascii('<paragraph>'))).toBe(false);
    expect(looksLikeHtml(new Uint8Array(0))).toBe(false);
  });
});
