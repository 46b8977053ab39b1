/**
 * Short-lived links to a captured page on the capture origin. The API mints them after checking the
 * caller may see the check; the capture listener, which has no sessions, only checks the HMAC and the
 * expiry. So a link names one check, works for a few minutes, and cannot be forged or widened.
 *
 * Token: base64url("<checkId>.<expiresAt ms>") "." base64url(HMAC-SHA256(key, that text)).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const CAPTURE_TOKEN_TTL_MS = 5 * 60_000;

export interface CaptureTokens {
  mint(checkId: number, now: number): { token: string; expiresAt: number };
  /** True only for an unexpired token minted for this check with this key. */
  verify(token: string, checkId: number, now: number): boolean;
}

/** A fresh random key per process unless one is given: links die with the process, which is fine. */
export function captureTokens(key: Buffer = randomBytes(32), ttlMs = CAPTURE_TOKEN_TTL_MS): CaptureTokens {
  const mac = (text: string) => createHmac('sha256', key).update(text, 'utf8').digest();
  return {
    mint(checkId, now) {
      const expiresAt = now + ttlMs;
      const text = `${checkId}.${expiresAt}`;
      return {
        token: `${Buffer.from(text, 'utf8').toString('base64url')}.${mac(text).toString('base64url')}`,
        expiresAt,
      };
    },
    verify(token, checkId, now) {
      const [payload, signature, extra] = token.split('.');
      if (payload === undefined || signature === undefined || extra !== undefined) return false;
      const text = Buffer.from(payload, 'base64url').toString('utf8');
      const m = /^(\d{1,15})\.(\d{1,15})$/.exec(text);
      if (!m || Number(m[1]) !== checkId || Number(m[2]) <= now) return false;
      const given = Buffer.from(signature, 'base64url');
      const expected = mac(text);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
