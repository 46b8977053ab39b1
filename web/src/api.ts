/**
 * The dashboard's only way to the server: a client typed by the server's own route definitions
 * (`hc` over src/api/contract.ts, types only), same-origin with the session cookie and the CSRF token
 * on every unsafe method. A path, query, body or answer field the server does not have fails to
 * compile. Failures are values the views can show (not found, signed out), never thrown past the view.
 */
import { hc, type ClientResponse } from 'hono/client';
import type { ApiRoutes, OkBody } from '../../src/api/contract.ts';

export type { OkBody };

export type ApiResult<T> =
  | { ok: true; data: T }
  | { ok: false; kind: 'unauthorised' | 'not-found' | 'network' | 'error'; status: number; message: string };

let csrfToken: string | null = null;
let onSignedOut: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the server answers 401: the session ended, so the app shows the login again. */
export function setSignedOutHandler(handler: (() => void) | null): void {
  onSignedOut = handler;
}

/** `api.incidents[':id'].$get({ param: { id } })`: every route under /api/, typed. */
export const api = hc<ApiRoutes>('/', {
  headers: (): Record<string, string> => ({
    Accept: 'application/json',
    // Sent on reads too: the server checks it only on unsafe methods.
    ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}),
  }),
  init: { credentials: 'same-origin' },
}).api;

/** The success body of an endpoint: `ApiBody<typeof api.incidents.$get>`. */
export type ApiBody<Endpoint extends (...args: never[]) => Promise<unknown>> = OkBody<Awaited<ReturnType<Endpoint>>>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any typed answer: its body type is read from it
type AnyResponse = ClientResponse<any, number, any>;

/** Sends one typed call and reads its answer into a result the views can show. */
export async function call<R extends AnyResponse>(send: () => Promise<R>): Promise<ApiResult<OkBody<R>>> {
  let res: R;
  try {
    res = await send();
  } catch (error) {
    return { ok: false, kind: 'network', status: 0, message: error instanceof Error ? error.message : String(error) };
  }
  if (res.status === 204) return { ok: true, data: undefined as OkBody<R> };
  const payload = await readJson(res);
  // The body's type is the route's, checked by the server's own schemas: only the success branch is taken here.
  if (res.ok) return { ok: true, data: payload as OkBody<R> };
  const message =
    typeof payload === 'object' && payload !== null && 'message' in payload ? String(payload.message) : res.statusText;
  if (res.status === 401) {
    onSignedOut?.();
    return { ok: false, kind: 'unauthorised', status: 401, message };
  }
  if (res.status === 404) return { ok: false, kind: 'not-found', status: 404, message };
  return { ok: false, kind: 'error', status: res.status, message };
}

async function readJson(res: AnyResponse): Promise<unknown> {
  const text = String(await res.text());
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { message: text.slice(0, 200) };
  }
}
