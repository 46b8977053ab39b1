import type { FetchLimits, NetworkPolicy } from './types.ts';
/**
 * Real local servers for the fetcher tests (127.0.0.1, ephemeral ports). Test support only:
 * nothing in the application imports this file.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FetchFailure, FetchResult, FetchedPage } from './types.ts';

export interface TestServer {
  /** e.g. `http://127.0.0.1:41234` (no trailing slash). */
  origin: string;
  port: number;
  /** Sockets accepted so far: shows keep-alive reuse and connection caps. */
  connections(): number;
  close(): Promise<void>;
}

async function listen(server: net.Server, scheme: string): Promise<TestServer> {
  let accepted = 0;
  const sockets = new Set<net.Socket>();
  server.on(scheme === 'https' ? 'secureConnection' : 'connection', (socket: net.Socket) => {
    accepted++;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${scheme}://127.0.0.1:${port}`,
    port,
    connections: () => accepted,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function startHttpServer(handler: http.RequestListener): Promise<TestServer> {
  return listen(http.createServer(handler), 'http');
}

/** A plain TCP server that answers whatever bytes `onConnection` writes: for malformed HTTP. */
export function startRawServer(onConnection: (socket: net.Socket) => void): Promise<TestServer> {
  return listen(net.createServer(onConnection), 'http');
}

/** An HTTPS server with a throwaway self-signed certificate made by openssl in a temp dir. */
export async function startSelfSignedHttpsServer(handler: http.RequestListener): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'mamori-tls-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    await promisify(execFile)('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ]);
    const server = https.createServer({ key: await readFile(key), cert: await readFile(cert) }, handler);
    return await listen(server, 'https');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A port on 127.0.0.1 with nothing listening (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Writes `chunk` for as long as the client reads, honouring backpressure, until the socket closes. */
export function writeForever(res: http.ServerResponse, chunk: Buffer): void {
  const pump = (): void => {
    while (!res.destroyed && res.write(chunk)) {
      // keep writing until the socket buffer is full
    }
    if (!res.destroyed) res.once('drain', pump);
  };
  pump();
}

/** Writes one byte every `intervalMs` until the socket closes: a slow-drip body. */
export function dripForever(res: http.ServerResponse, intervalMs: number): void {
  const timer = setInterval(() => res.write('.'), intervalMs);
  res.once('close', () => clearInterval(timer));
}

/** The page of a result that must have succeeded; throws with the failure message otherwise. */
export function page(result: FetchResult): FetchedPage {
  if (!result.ok) throw new Error(`expected a page, got ${result.failure.outcome}: ${result.failure.message}`);
  return result.page;
}

/** The failure of a result that must have failed. */
export function failure(result: FetchResult): FetchFailure {
  if (result.ok) throw new Error(`expected a failure, got a page from ${result.page.finalUrl}`);
  return result.failure;
}

/** Limits and policy the fetcher tests share: short timeouts, small caps, loopback allowed. */
export const TEST_LIMITS: FetchLimits = {
  connectTimeoutMs: 2000,
  headersTimeoutMs: 2000,
  totalTimeoutMs: 5000,
  maxBodyBytes: 2 << 20,
  maxDecodedBytes: 4 << 20,
  maxRedirects: 5,
};
export const LOOPBACK_OK: NetworkPolicy = { allowLoopback: true, allowPrivate: false, allowCidrs: [] };
export const TEST_UA = 'Mamori-test/1.0';
