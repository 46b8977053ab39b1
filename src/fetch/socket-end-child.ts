/**
 * Test support (run as a child process by socket-end.test.ts, never imported by the application):
 * serves large gzip pages with Content-Length and `Connection: close`, the server writing the whole
 * response and closing its side at once, and fetches each of them with the real fetcher. undici
 * 7.30 crashed the process from its socket "end" handler when its parser was paused by a slow
 * reader at that moment, so surviving to print the summary line is what the parent checks.
 */
import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { GuardedFetcher } from '../render/guarded-fetch.ts';
import { LOOPBACK_OK, startRawServer } from './test-servers.ts';
import { createFetcher } from './undici-fetcher.ts';

/** Hex text: about 2:1 under gzip, so `decodedBytes` of it compress to roughly half. */
function page(decodedBytes: number): Buffer {
  const head = '<!doctype html><html><body><pre>';
  return Buffer.from(
    head + randomBytes(Math.ceil((decodedBytes - head.length) / 2)).toString('hex') + '</pre></body></html>',
  );
}

const client = process.argv[2] === 'guarded' ? 'guarded' : 'fetcher';
const decodedBytes = Number(process.argv[3] ?? 3_000_000);
const rounds = Number(process.argv[4] ?? 5);
const html = page(decodedBytes);
const gz = zlib.gzipSync(html);
const server = await startRawServer((socket) => {
  socket.once('data', () => {
    socket.write(
      `HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-encoding: gzip\r\ncontent-length: ${gz.length}\r\nconnection: close\r\n\r\n`,
    );
    socket.end(gz);
  });
  socket.on('error', () => undefined);
});
const limits = {
  connectTimeoutMs: 5000,
  headersTimeoutMs: 10_000,
  totalTimeoutMs: 30_000,
  maxBodyBytes: 16 << 20,
  maxDecodedBytes: 64 << 20,
  maxRedirects: 5,
};
/** One fetch with the chosen client: "ok" when the whole page came back intact, else what happened. */
type FetchOnce = (url: string) => Promise<string>;
let fetchOnce: FetchOnce;
let closeClient: () => Promise<void>;
if (client === 'fetcher') {
  const fetcher = createFetcher({ limits, policy: LOOPBACK_OK, userAgent: 'Mamori-test/1.0' });
  fetchOnce = async (url) => {
    const result = await fetcher.fetch({ url });
    return result.ok ? (result.page.body.equals(html) ? 'ok' : 'different') : result.failure.outcome;
  };
  closeClient = () => fetcher.close();
} else {
  const guarded = new GuardedFetcher({ policy: LOOPBACK_OK, connectTimeoutMs: 5000, headersTimeoutMs: 10_000 });
  fetchOnce = async (url) => {
    const signal = AbortSignal.timeout(30_000);
    const result = await guarded.fetch({
      url,
      method: 'GET',
      headers: {},
      maxBytes: 64 << 20,
      maxRedirects: 0,
      signal,
    });
    return result.kind === 'response' ? (result.body.equals(html) ? 'ok' : 'different') : result.kind;
  };
  closeClient = () => guarded.close();
}
const outcomes: string[] = [];
for (let i = 0; i < rounds; i++) outcomes.push(await fetchOnce(`${server.origin}/page-${i}`));
await closeClient();
await server.close();
process.stdout.write(`${JSON.stringify({ wireBytes: gz.length, outcomes })}\n`);
