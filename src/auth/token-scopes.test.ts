import { describe, expect, it } from 'vitest';
import { scopeForMethod, scopesBeyond, SESSION_SCOPES } from './token-scopes.ts';

describe('the probe scope', () => {
  it('is not implied by read, write or admin: such a token cannot mint a probe token', () => {
    expect(scopesBeyond(['probe'], ['read', 'write', 'admin'])).toEqual(['probe']);
    expect(scopesBeyond(['probe'], SESSION_SCOPES)).toEqual([]);
  });

  it('gives no estate method: a probe-only token holds neither scope a method needs', () => {
    for (const method of ['GET', 'POST', 'DELETE']) expect(['probe']).not.toContain(scopeForMethod(method));
  });
});
