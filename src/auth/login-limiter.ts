/**
 * Login rate limiting (rate-limiter-flexible, in memory): failures are counted per username and
 * address, and per address alone with a higher allowance (several people may share an address), over
 * a sliding window. A success clears the username-and-address count. In memory means per process:
 * a restart forgets, which is acceptable for slowing guessing down.
 *
 * The address is the client's as api/client-ip.ts resolves it: behind a reverse proxy, that needs
 * `api.trustedProxies`, or every client shares the proxy's address and the per-address allowance
 * (one attacker's failures) locks everyone out.
 */
import { RateLimiterMemory } from 'rate-limiter-flexible';

/** Decides whether a login attempt may go ahead, and counts failures. */
export interface LoginGate {
  /** Seconds to wait when this username and address are locked out, else null. */
  blocked(username: string, ip: string): Promise<number | null>;
  failed(username: string, ip: string): Promise<void>;
  succeeded(username: string, ip: string): Promise<void>;
}

export interface LoginLimits {
  /** Failures allowed per username and address in the window. */
  attempts: number;
  windowMinutes: number;
  /** Failures allowed per address, across usernames (default 4 × attempts). */
  perAddress?: number;
}

export function createLoginLimiter(limits: LoginLimits): LoginGate {
  const duration = limits.windowMinutes * 60;
  const byUser = new RateLimiterMemory({ keyPrefix: 'login-user', points: limits.attempts, duration });
  const perAddress = limits.perAddress ?? limits.attempts * 4;
  const byIp = new RateLimiterMemory({ keyPrefix: 'login-ip', points: perAddress, duration });
  // Usernames are case-sensitive in the store, but a guesser should not get fresh attempts by changing case.
  const userKey = (username: string, ip: string) => `${username.toLowerCase()}|${ip}`;
  const waitOf = (res: { consumedPoints: number; msBeforeNext: number } | null, points: number) =>
    res && res.consumedPoints >= points ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : null;
  return {
    async blocked(username, ip) {
      const [u, i] = await Promise.all([byUser.get(userKey(username, ip)), byIp.get(ip)]);
      const waits = [waitOf(u, limits.attempts), waitOf(i, perAddress)].filter((w): w is number => w !== null);
      return waits.length > 0 ? Math.max(...waits) : null;
    },
    async failed(username, ip) {
      await Promise.all([byUser.penalty(userKey(username, ip), 1), byIp.penalty(ip, 1)]);
    },
    async succeeded(username, ip) {
      await byUser.delete(userKey(username, ip));
    },
  };
}
