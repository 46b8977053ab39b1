/**
 * For tests that call the API: an account of a given role, signed in through the real login route,
 * and a `request` that sends its cookie and CSRF header.
 */
import { AuthStore } from '../auth/auth-store.ts';
import type { Role } from '../auth/types.ts';
import type { DatabaseHandle } from '../store/database.ts';
import type { ApiApp, ApiDeps } from './types.ts';
import { ok, testClient, type ApiClient } from './test-client.ts';

export const TEST_PASSWORD = 'test-password-123';

export function testAuthDeps(handle: DatabaseHandle): ApiDeps['auth'] {
  return { store: new AuthStore(handle), sessionTtlMs: 3_600_000, cookieSecure: false };
}

export interface SignedIn {
  headers: Record<string, string>;
  userId: number;
  csrfToken: string;
  /** `app.request` with this user's cookie and CSRF header (a JSON body is sent as JSON). */
  request(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  /** The typed client with this user's cookie and CSRF header. */
  api: ApiClient;
}

export interface TestAccount {
  username?: string;
  role?: Role;
  organisationIds?: number[];
}

let counter = 0;

/** Creates the account and signs it in; the session cookie comes from the login answer. */
export async function signIn(app: ApiApp, auth: AuthStore, account: TestAccount = {}): Promise<SignedIn> {
  const username = account.username ?? `user${++counter}`;
  const user = await auth.addUser(
    {
      username,
      role: account.role ?? 'admin',
      organisationIds: account.organisationIds ?? [],
      password: TEST_PASSWORD,
    },
    Date.now(),
  );
  const res = await testClient(app).auth.login.$post({ json: { username, password: TEST_PASSWORD } });
  if (res.status !== 200) throw new Error(`test sign-in of ${username} answered ${res.status}: ${await res.text()}`);
  const cookie = /mamori_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (!cookie) throw new Error('login set no mamori_session cookie');
  const { csrfToken } = await ok(res);
  const headers = { cookie: `mamori_session=${cookie}`, 'x-csrf-token': csrfToken };
  return { headers, userId: user.id, csrfToken, request: authedRequest(app, headers), api: testClient(app, headers) };
}

export function authedRequest(app: ApiApp, headers: Record<string, string>): SignedIn['request'] {
  return async (path, init = {}) => {
    const { json, headers: extra, ...rest } = init;
    const merged: Record<string, string> = {
      ...headers,
      ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(extra as Record<string, string> | undefined),
    };
    return app.request(path, {
      ...rest,
      headers: merged,
      ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
    });
  };
}
