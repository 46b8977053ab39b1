/**
 * The demo's SOC: a webhook receiver on loopback that the demo's notification channel posts to, so
 * the console's Settings show a channel that really delivers. It takes POSTs to its one hook path
 * with the right token, and counts them; anything else is a 404. Demo only.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SocReceiver {
  /** The hook's URL, its token in the query (as many receivers take it): the console must never show it. */
  url: string;
  /** Notifications received so far. */
  received(): number;
  close(): Promise<void>;
}

const HOOK_PATH = '/hooks/mamori';

export async function startSocReceiver(): Promise<SocReceiver> {
  const token = randomBytes(12).toString('hex');
  let received = 0;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const accepted = request.method === 'POST' && url.pathname === HOOK_PATH && url.searchParams.get('token') === token;
    request.resume();
    request.on('end', () => {
      if (accepted) received += 1;
      response.writeHead(accepted ? 204 : 404).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${HOOK_PATH}?token=${token}`,
    received: () => received,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
