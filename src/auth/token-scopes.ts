/**
 * What an API token's scopes allow. Four scopes, none implying another:
 *
 * - `read`: safe methods (GET, HEAD, OPTIONS) on the routes the owner's role may read.
 * - `write`: the other methods on the routes the owner's role may write. It does not include `read`:
 *   a token that pushes targets from CI has no business reading incidents, and a leaked write-only
 *   token must not become a way to read the estate. Ask for `["read","write"]` for both.
 * - `admin`: managing credentials: minting API tokens and revoking others (a token may always revoke
 *   itself), and, when the owner is an admin, the admin-only routes (accounts, audit log). It is
 *   needed on top of `read`/`write` for the method (minting is a POST: `write` and `admin`), so a CI
 *   token of an admin account cannot create users unless it was made for that.
 * - `probe`: a remote vantage point (`mamori probe`, docs/vantage-points.md): leasing the check jobs
 *   of its vantage and reporting their results, nothing else. A probe-only token holds neither `read`
 *   nor `write`, so every estate route refuses it: a probe host that is taken over cannot read the
 *   estate, incidents or evidence.
 *
 * A session can do whatever the account's role can (all three). A token mints only tokens whose
 * scopes are a subset of its own, and never outlives itself: scopes and lifetime cannot grow.
 */
export const TOKEN_SCOPES = ['read', 'write', 'admin', 'probe'] as const;
export type TokenScopeName = (typeof TOKEN_SCOPES)[number];

/** A session carries every scope: its limits are the role's. */
export const SESSION_SCOPES: readonly TokenScopeName[] = TOKEN_SCOPES;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The scope a request method needs. */
export function scopeForMethod(method: string): 'read' | 'write' {
  return SAFE_METHODS.has(method.toUpperCase()) ? 'read' : 'write';
}

/** The scopes asked for that the minting credential does not hold (empty: the request may proceed). */
export function scopesBeyond(asked: readonly TokenScopeName[], held: readonly TokenScopeName[]): TokenScopeName[] {
  return asked.filter((scope) => !held.includes(scope));
}

/** The latest expiry a new token may have when minted by a token expiring at `parentExpiresAt` (null: never). */
export function cappedExpiry(asked: number | null, parentExpiresAt: number | null): number | null {
  if (parentExpiresAt === null) return asked;
  return asked === null ? parentExpiresAt : Math.min(asked, parentExpiresAt);
}
