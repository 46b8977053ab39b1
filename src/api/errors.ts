import type { Context } from 'hono';

/** Uniform error bodies: `{ error, message, issues? }`. */
export function notFound(c: Context, what: string) {
  return c.json({ error: 'not_found', message: `${what} not found` }, 404);
}

export function badRequest(c: Context, message: string, issues?: { path: string; message: string }[]) {
  return c.json({ error: 'bad_request', message, ...(issues ? { issues } : {}) }, 400);
}
