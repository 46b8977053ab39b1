import { useEffect, useState } from 'react';

/**
 * A small path router over the History API: the server answers index.html for every app path, so
 * links are real URLs that survive a reload and can be pasted into a ticket.
 */

export type Route =
  | { name: 'overview' }
  | { name: 'page'; id: number }
  | { name: 'page-history'; id: number }
  | { name: 'site'; id: number }
  | { name: 'incidents' }
  | { name: 'incident'; id: number }
  | { name: 'campaign'; id: number }
  | { name: 'threats' }
  | { name: 'settings' }
  | { name: 'not-found' };

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter((p) => p !== '');
  const [first, second] = parts;
  const id = second !== undefined && /^[1-9]\d{0,15}$/.test(second) ? Number(second) : null;
  if (parts.length === 0) return { name: 'overview' };
  if (parts.length === 1 && first === 'incidents') return { name: 'incidents' };
  if (parts.length === 1 && first === 'threats') return { name: 'threats' };
  if (parts.length === 1 && first === 'settings') return { name: 'settings' };
  if (parts.length === 2 && first === 'pages' && id !== null) return { name: 'page', id };
  if (parts.length === 3 && first === 'pages' && id !== null && parts[2] === 'history')
    return { name: 'page-history', id };
  if (parts.length === 2 && first === 'sites' && id !== null) return { name: 'site', id };
  if (parts.length === 2 && first === 'incidents' && id !== null) return { name: 'incident', id };
  if (parts.length === 2 && first === 'campaigns' && id !== null) return { name: 'campaign', id };
  return { name: 'not-found' };
}

const listeners = new Set<() => void>();

export function navigate(path: string): void {
  window.history.pushState(null, '', path);
  for (const l of listeners) l();
  window.scrollTo(0, 0);
}

export function useLocation(): { pathname: string; search: string } {
  const read = () => ({ pathname: window.location.pathname, search: window.location.search });
  const [location, setLocation] = useState(read);
  useEffect(() => {
    const update = () => setLocation(read());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return location;
}
