import { useEffect, useState } from 'react';
import { apiGet } from './api.ts';
import type { ApiResult } from './types.ts';

export type Loaded<T> = { state: 'loading' } | ApiResult<T>;

/** GET a path whenever it changes; a stale answer for an earlier path is dropped. */
export function useApi<T>(path: string | null, refresh = 0): Loaded<T> {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    if (path === null) return undefined;
    let live = true;
    setResult({ state: 'loading' });
    apiGet<T>(path)
      .then((r) => {
        if (live) setResult(r);
      })
      .catch((error: unknown) => {
        if (live) setResult({ ok: false, kind: 'error', status: 0, message: String(error) });
      });
    return () => {
      live = false;
    };
  }, [path, refresh]);
  return result;
}
