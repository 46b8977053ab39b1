/**
 * HTTP messages as WARC blocks. The request head is the one the client wrote, byte for byte. The
 * response keeps the server's header lines in order and spelling, with one honest exception: the
 * body Mamori keeps is the one it analysed, after content-coding (gzip, br) and chunking were undone,
 * so the framing headers that describe the wire form are renamed `X-Mamori-Original-…` and a
 * Content-Length for the stored body is added. The original lines also stay verbatim in the
 * capture's metadata record.
 */
import type { HttpExchange } from '../fetch/types.ts';

const CRLF = '\r\n';
/** Headers that describe the bytes on the wire rather than the entity stored. */
const FRAMING = new Set(['content-encoding', 'transfer-encoding', 'content-length']);
export const ORIGINAL_PREFIX = 'X-Mamori-Original-';

/** The request block, or null when the request head was not observed (nothing is made up). */
export function requestBlock(exchange: HttpExchange): Buffer | null {
  if (exchange.requestHead === null) return null;
  // undici writes the head as Latin-1; so do we, to reproduce its bytes.
  return Buffer.from(exchange.requestHead + CRLF + CRLF, 'latin1');
}

function cleanLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\r\n\x00]/g, ' ');
}

/** Whether the stored body can be described by the server's own framing headers unchanged. */
function framingHolds(headers: readonly [string, string][], bodyLength: number): boolean {
  let length: string | null = null;
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (lower === 'content-encoding' && value.trim().toLowerCase() !== 'identity') return false;
    if (lower === 'transfer-encoding') return false;
    if (lower === 'content-length') {
      if (length !== null) return false;
      length = value.trim();
    }
  }
  return length === String(bodyLength);
}

export interface ResponseBlock {
  block: Buffer;
  /** Where the body starts in `block`. */
  payloadOffset: number;
  /** True when framing headers were renamed and a Content-Length added. */
  reframed: boolean;
}

/** The response block: status line, header lines as received (framing reworded if needed), body. */
export function responseBlock(exchange: HttpExchange, body: Buffer): ResponseBlock {
  const reframed = !framingHolds(exchange.rawHeaders, body.length);
  const lines = [cleanLine(`HTTP/1.1 ${exchange.status} ${exchange.statusText}`.trimEnd())];
  for (const [name, value] of exchange.rawHeaders) {
    const renamed = reframed && FRAMING.has(name.toLowerCase()) ? `${ORIGINAL_PREFIX}${name}` : name;
    lines.push(cleanLine(`${renamed}: ${value}`));
  }
  if (reframed) lines.push(`Content-Length: ${body.length}`);
  const head = Buffer.from(lines.join(CRLF) + CRLF + CRLF, 'latin1');
  return { block: Buffer.concat([head, body]), payloadOffset: head.length, reframed };
}

/** The header lines as received, one `Name: value` string each, for the metadata record. */
export function headerLines(exchange: HttpExchange): string[] {
  return exchange.rawHeaders.map(([name, value]) => `${name}: ${value}`);
}
