/**
 * The dashboard's only way to the server: same-origin JSON calls with the session cookie, and the
 * CSRF token on every unsafe method. Failures are values the views can show (not found, not
 * available on this server, signed out), never thrown past the view that asked.
 */
import type { ApiResult } from './types.ts';

let csrfToken: string | null = null;
let onSignedOut: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the server answers 401: the session ended, so the app shows the login again. */
export function setSignedOutHandler(handler: (() => void) | null): void {
  onSignedOut = handler;
}

export async function apiGet<T>(path: string): Promise<ApiResult<T>> {
  return request<T>('GET', path);
}

export async function apiPost<T>(path: string, body?: unknown): Promise<ApiResult<T>> {
  return request<T>('POST', path, body);
}

async function request<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (error) {
    return { ok: false, kind: 'network', status: 0, message: error instanceof Error ? error.message : String(error) };
  }
  if (res.status === 204) return { ok: true, data: undefined as T };
  const payload = await readJson(res);
  if (res.ok) return { ok: true, data: payload as T };
  const message =
    typeof payload === 'object' && payload !== null && 'message' in payload ? String(payload.message) : res.statusText;
  if (res.status === 401) {
    onSignedOut?.();
    return { ok: false, kind: 'unauthorised', status: 401, message };
  }
  // A route the server does not have answers "no route for …": the feature is not there yet.
  if (res.status === 404)
    return { ok: false, kind: message.startsWith('no route for') ? 'unavailable' : 'not-found', status: 404, message };
  return { ok: false, kind: 'error', status: res.status, message };
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { message: text.slice(0, 200) };
  }
}
