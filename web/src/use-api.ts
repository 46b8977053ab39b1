import { useEffect, useState } from 'react';
import { call, type ApiResult, type OkBody } from './api.ts';
import type { ClientResponse } from 'hono/client';

export type Loaded<T> = { state: 'loading' } | ApiResult<T>;

/**
 * Sends a typed call whenever `key` changes (the call's path and query, and a refresh counter);
 * a stale answer for an earlier key is dropped. `key` null waits.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any typed answer: its body type is read from it
export function useApi<R extends ClientResponse<any, number, any>>(
  key: string | null,
  send: () => Promise<R>,
): Loaded<OkBody<R>> {
  const [result, setResult] = useState<Loaded<OkBody<R>>>({ state: 'loading' });
  useEffect(() => {
    if (key === null) return undefined;
    let live = true;
    setResult({ state: 'loading' });
    call(send)
      .then((r) => {
        if (live) setResult(r);
      })
      .catch((error: unknown) => {
        if (live) setResult({ ok: false, kind: 'error', status: 0, message: String(error) });
      });
    return () => {
      live = false;
    };
    // `send` is a new closure every render; `key` says when it asks for something else.
  }, [key]);
  return result;
}
