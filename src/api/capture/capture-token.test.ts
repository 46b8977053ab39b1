import { describe, expect, it } from 'vitest';
import { captureTokens } from './capture-token.ts';

describe('capture tokens', () => {
  const key = Buffer.alloc(32, 7);
  it('accepts its own token for the same check before it expires', () => {
    const tokens = captureTokens(key, 1000);
    const { token, expiresAt } = tokens.mint(42, 5000);
    expect(expiresAt).toBe(6000);
    expect(tokens.verify(token, 42, 5999)).toBe(true);
    expect(tokens.verify(token, 42, 6000)).toBe(false);
    expect(tokens.verify(token, 43, 5001)).toBe(false);
  });

  it('refuses tokens of another key, altered payloads and junk', () => {
    const mine = captureTokens(key, 1000);
    const other = captureTokens(Buffer.alloc(32, 8), 1000);
    const { token } = other.mint(42, 5000);
    expect(mine.verify(token, 42, 5001)).toBe(false);
    const own = mine.mint(42, 5000).token;
    const [, sig] = own.split('.');
    const widened = `${Buffer.from('42.99999999999').toString('base64url')}.${sig}`;
    expect(mine.verify(widened, 42, 5001)).toBe(false);
    for (const junk of ['', '.', 'a.b.c', 'abc', `${own}.x`]) expect(mine.verify(junk, 42, 5001)).toBe(false);
  });
});
