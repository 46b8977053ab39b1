import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-model.ts';

describe('passwordProblem', () => {
  it('asks for 8 characters, the same twice, and not the one-time password again', () => {
    expect(passwordProblem('one-time-pass', 'short', 'short')).toBe('password.tooShort');
    expect(passwordProblem('one-time-pass', 'a-new-password', 'a-new-passw0rd')).toBe('password.mismatch');
    expect(passwordProblem('one-time-pass', 'one-time-pass', 'one-time-pass')).toBe('password.same');
    expect(passwordProblem('one-time-pass', 'a-new-password', 'a-new-password')).toBeNull();
  });
});
