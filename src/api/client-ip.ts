import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The peer address of the connection, for login rate limiting. Forwarded headers are not trusted:
 * anyone can send them. Requests that did not come through the node server (tests) have no socket.
 */
export function clientIp(c: Context): string {
  const env = c.env as { incoming?: unknown } | undefined;
  if (!env?.incoming) return 'unknown';
  return getConnInfo(c).remote.address ?? 'unknown';
}
