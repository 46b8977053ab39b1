import net from 'node:net';
import type { AddressInfo } from 'node:net';

/** A loopback TCP listener that drops every connection: the browser's proxy, so nothing escapes. */
export interface BlackHole {
  port: number;
  /** Connections dropped so far: anything above zero is traffic that got past request interception. */
  connections(): number;
  close(): Promise<void>;
}

export async function startBlackHole(): Promise<BlackHole> {
  let dropped = 0;
  const server = net.createServer((socket) => {
    dropped += 1;
    socket.on('error', () => undefined);
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // A black hole must never keep the process alive on its own.
  server.unref();
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => dropped,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
