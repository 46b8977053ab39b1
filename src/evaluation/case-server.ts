import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback server that answers one captured document at one path, as the original site would have
 * (same path and query, same Content-Type). Captured pages are hostile: they are only ever served as
 * bytes, never rendered, and every other path is a 404.
 */
export class CaseServer {
  private document: { pathAndQuery: string; contentType: string; body: Buffer } | null = null;
  private server: Server | null = null;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const doc = this.document;
      if (!doc || req.url !== doc.pathAndQuery) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': doc.contentType, 'content-length': doc.body.length }).end(doc.body);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Serve `body` for the case URL; returns the URL to fetch (the original host name, this server's port). */
  serve(originalUrl: string, contentType: string, body: Buffer): string {
    const u = new URL(originalUrl);
    this.document = { pathAndQuery: `${u.pathname}${u.search}`, contentType, body };
    return `http://${u.hostname}:${this.port}${u.pathname}${u.search}`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
