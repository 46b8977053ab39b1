import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { parseContentEncoding, readBody, readBodyParts } from './body-reader.ts';
import { classifyError } from './classify-error.ts';
import { ProtocolError, TooLargeError } from './errors.ts';

const caps = { maxWireBytes: 1 << 20, maxDecodedBytes: 1 << 20 };
const html = Buffer.from('<html><body>' + '法令データ提供システム '.repeat(200) + '</body></html>');
/** A source that delivers `bytes` in pieces, as a socket would. */
const chunked = (bytes: Buffer, size = 1000): Readable =>
  Readable.from(
    Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size)),
  );

describe('readBody: content codings', () => {
  it.each([
    ['identity', (b: Buffer) => b],
    ['gzip', (b: Buffer) => zlib.gzipSync(b)],
    ['x-gzip', (b: Buffer) => zlib.gzipSync(b)],
    ['br', (b: Buffer) => zlib.brotliCompressSync(b)],
    ['deflate', (b: Buffer) => zlib.deflateSync(b)],
    ['deflate', (b: Buffer) => zlib.deflateRawSync(b)], // raw deflate, as old IIS sends it
    ['gzip, br', (b: Buffer) => zlib.brotliCompressSync(zlib.gzipSync(b))],
  ])('undoes %s', async (coding, encode) => {
    expect((await readBody(chunked(encode(html)), coding, caps)).equals(html)).toBe(true);
  });

  it('treats a missing header as identity', async () => {
    expect((await readBody(chunked(html), null, caps)).equals(html)).toBe(true);
  });

  it('accepts a gzip stream cut short, like browsers do', async () => {
    const gz = zlib.gzipSync(html);
    const body = await readBody(chunked(gz.subarray(0, gz.length - 12)), 'gzip', caps);
    expect(body.length).toBeGreaterThan(0);
    expect(html.subarray(0, body.length).equals(body)).toBe(true);
  });

  it('fails a corrupt gzip stream as a protocol error', async () => {
    const error: unknown = await readBody(
      chunked(Buffer.from('this is not gzip at all, not even close')),
      'gzip',
      caps,
    ).catch((e: unknown) => e);
    expect(classifyError(error)).toMatchObject({ outcome: 'protocol' });
  });

  it('refuses codings it did not offer', async () => {
    expect(() => parseContentEncoding('zstd')).toThrow(ProtocolError);
    await expect(readBody(chunked(html), 'compress', caps)).rejects.toBeInstanceOf(ProtocolError);
    expect(parseContentEncoding(' GZIP , identity')).toEqual(['gzip']);
  });
});

describe('readBody: caps', () => {
  it('stops at the wire cap', async () => {
    const error: unknown = await readBody(chunked(html), null, { maxWireBytes: 1000, maxDecodedBytes: 1 << 20 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TooLargeError);
    expect((error as TooLargeError).limit).toBe('wire');
  });

  it('stops a gzip bomb at the decoded cap and keeps no more than the cap', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(64 << 20), { level: 9 });
    expect(bomb.length).toBeLessThan(200_000);
    const received: Buffer[] = [];
    const error: unknown = await readBody(
      chunked(bomb, 16_384),
      'gzip',
      { maxWireBytes: 1 << 20, maxDecodedBytes: 1 << 20 },
      { received },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooLargeError);
    expect((error as TooLargeError).limit).toBe('decoded');
    expect(received.reduce((n, c) => n + c.length, 0)).toBe(1 << 20);
  });

  it('stops a brotli bomb too', async () => {
    const bomb = zlib.brotliCompressSync(Buffer.alloc(64 << 20), {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 },
    });
    await expect(
      readBody(chunked(bomb), 'br', { maxWireBytes: 1 << 20, maxDecodedBytes: 1 << 20 }),
    ).rejects.toBeInstanceOf(TooLargeError);
  });

  it('in truncate mode returns what fits instead of failing', async () => {
    const body = await readBody(
      chunked(zlib.gzipSync(html)),
      'gzip',
      { maxWireBytes: 1 << 20, maxDecodedBytes: 100 },
      { truncate: true },
    );
    expect(body.equals(html.subarray(0, 100))).toBe(true);
    const wireCut = await readBody(
      chunked(html),
      null,
      { maxWireBytes: 1500, maxDecodedBytes: 1 << 20 },
      { truncate: true },
    );
    expect(wireCut.length).toBeLessThanOrEqual(1500);
  });

  it('gives up when the signal aborts', async () => {
    const endless = new Readable({ read() {} });
    endless.push(Buffer.from('<html>'));
    const controller = new AbortController();
    const reading = readBody(endless, null, caps, { signal: controller.signal });
    controller.abort(new Error('deadline'));
    await expect(reading).rejects.toThrow();
    expect(endless.destroyed).toBe(true);
  });
});

describe('readBodyParts: a body kept in its chunks', () => {
  const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

  it.each([
    ['identity', (b: Buffer) => b],
    ['gzip', (b: Buffer) => zlib.gzipSync(b)],
  ])('hashes and measures a %s body without joining it', async (coding, encode) => {
    const concat = vi.spyOn(Buffer, 'concat');
    try {
      const body = await readBodyParts(chunked(encode(html)), coding, caps);
      expect(body.length).toBe(html.length);
      expect(body.sha256()).toBe(sha256(html));
      expect(concat).not.toHaveBeenCalled();
      expect(body.bytes().equals(html)).toBe(true);
      expect(body.bytes()).toBe(body.bytes()); // joined once, then kept
      expect(body.sha256()).toBe(sha256(html));
    } finally {
      concat.mockRestore();
    }
  });

  it('uses a single chunk as it is, without a copy', async () => {
    const body = await readBodyParts(Readable.from([html]), null, caps);
    expect(body.bytes()).toBe(html);
  });
});
