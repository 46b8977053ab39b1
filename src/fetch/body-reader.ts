import { createHash } from 'node:crypto';
import { Duplex, Readable, Transform, Writable, finished } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { ProtocolError, TooLargeError } from './errors.ts';

export interface BodyCaps {
  /** Bytes accepted from the wire (still compressed). */
  maxWireBytes: number;
  /** Bytes accepted after content-encoding is undone. */
  maxDecodedBytes: number;
}

export interface ReadBodyOptions {
  /**
   * When true, reaching a cap ends reading quietly with what fits (evidence of an error page);
   * when false (default) it throws TooLargeError.
   */
  truncate?: boolean;
  /** Decoded chunks are appended here as they arrive, so a caller still has them if reading fails. */
  received?: Buffer[];
  signal?: AbortSignal;
}

/** Thrown inside the pipeline to stop reading early in truncate mode; never escapes readBody. */
class StopReading extends Error {}

/**
 * Lenient like browsers: a gzip/deflate stream cut short yields what it has instead of an error.
 * Output is produced in `chunkSize` steps with an event-loop turn in between, so a bomb is stopped by
 * the decoded-byte meter after a chunk or two, never after the whole expansion.
 */
const ZLIB_OPTIONS: zlib.ZlibOptions = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
const BROTLI_OPTIONS: zlib.BrotliOptions = { finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH };

/**
 * Streams a response body through a wire-byte meter, the content decoders (gzip, deflate, br) and
 * a decoded-byte meter, keeping only what fits within the caps. Nothing larger than the caps is ever
 * buffered; the source is destroyed as soon as a cap is passed.
 */
export async function readBody(
  source: Readable,
  contentEncoding: string | null,
  caps: BodyCaps,
  options: ReadBodyOptions = {},
): Promise<Buffer> {
  return (await readBodyParts(source, contentEncoding, caps, options)).bytes();
}

/**
 * `readBody` without joining the chunks: a caller that needs only the body's hash and length (an
 * unchanged page) never copies it into one buffer. Joining doubled the bytes allocated per check
 * outside the V8 heap, and those bytes are freed only at a garbage collection, which the heap's
 * own allocations pace: between two collections they piled up to tens of MB (docs/benchmarks.md).
 */
export async function readBodyParts(
  source: Readable,
  contentEncoding: string | null,
  caps: BodyCaps,
  options: ReadBodyOptions = {},
): Promise<ReceivedBody> {
  const received = options.received ?? [];
  const truncate = options.truncate ?? false;
  let decoders: Duplex[];
  try {
    decoders = createDecoders(contentEncoding);
  } catch (error) {
    discard(source);
    throw error;
  }
  if (decoders.length === 0) {
    await readPlain(source, caps, truncate, received, options.signal);
    return new ReceivedBody(received);
  }
  try {
    const streams = [
      source,
      wireMeter(caps.maxWireBytes, truncate),
      ...decoders,
      decodedSink(caps.maxDecodedBytes, truncate, received),
    ];
    await (options.signal ? pipeline(streams, { signal: options.signal }) : pipeline(streams));
  } catch (error) {
    discard(source);
    if (!(error instanceof StopReading)) throw error;
  }
  return new ReceivedBody(received);
}

/** A body as it was received, in chunks: hashed and measured in place, joined only when asked. */
export class ReceivedBody {
  readonly length: number;
  private chunks: readonly Buffer[] | null;
  private joined: Buffer | null = null;

  constructor(chunks: readonly Buffer[]) {
    this.chunks = [...chunks];
    let length = 0;
    for (const chunk of chunks) length += chunk.length;
    this.length = length;
  }

  /** SHA-256 of the bytes, lower-case hex, chunk by chunk. */
  sha256(): string {
    const hash = createHash('sha256');
    if (this.joined) return hash.update(this.joined).digest('hex');
    for (const chunk of this.chunks ?? []) hash.update(chunk);
    return hash.digest('hex');
  }

  /** The bytes in one buffer: joined on the first call (a single chunk is used as it is), then kept. */
  bytes(): Buffer {
    if (this.joined) return this.joined;
    const chunks = this.chunks ?? [];
    this.joined = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.length);
    // The chunks are in the joined copy now: let them go with the next collection.
    this.chunks = null;
    return this.joined;
  }
}

/**
 * An uncompressed body, read from the source's data events: the same caps as the stream pipeline
 * without its machinery, which cost more CPU than everything else in the check of an unchanged page.
 * Not `for await`: its iterator allocated a promise and a result per chunk and joined chunks that
 * were buffered together (issue 21). The end, an error or a premature close is reported by
 * `finished`, as the iterator reported them.
 */
function readPlain(
  source: Readable,
  caps: BodyCaps,
  truncate: boolean,
  received: Buffer[],
  signal?: AbortSignal,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    new PlainRead(source, caps, truncate, received, resolve, reject).start(signal);
  });
}

/** One plain read; a class so a read defines no closures of its own (keepNames names each, per call). */
class PlainRead {
  readonly #limit: number;
  #seen = 0;
  #done = false;
  #onData: ((chunk: Buffer) => void) | null = null;
  #onAbort: (() => void) | null = null;
  #signal: AbortSignal | undefined;
  #stopWatching: (() => void) | null = null;

  constructor(
    private readonly source: Readable,
    private readonly caps: BodyCaps,
    private readonly truncate: boolean,
    private readonly received: Buffer[],
    private readonly resolve: () => void,
    private readonly reject: (error: unknown) => void,
  ) {
    this.#limit = Math.min(caps.maxWireBytes, caps.maxDecodedBytes);
  }

  start(signal: AbortSignal | undefined): void {
    if (signal?.aborted) {
      this.#done = true;
      this.reject(signal.reason);
      return;
    }
    this.#signal = signal;
    if (signal) {
      this.#onAbort = discard.bind(null, this.source);
      signal.addEventListener('abort', this.#onAbort, { once: true });
    }
    this.#stopWatching = finished(this.source, { writable: false }, this.#finished.bind(this));
    this.#onData = this.#data.bind(this);
    this.source.on('data', this.#onData);
  }

  #data(chunk: Buffer): void {
    if (this.#done) return;
    const room = this.#limit - this.#seen;
    this.#seen += chunk.length;
    if (!keepWithin(this.received, chunk, room)) return;
    discard(this.source);
    this.#settle(this.truncate ? null : tooLarge(this.caps, this.#limit));
  }

  #finished(error?: Error | null): void {
    this.#settle(error ?? null);
  }

  #settle(error: unknown): void {
    if (this.#done) return;
    this.#done = true;
    if (this.#onData) this.source.removeListener('data', this.#onData);
    this.#stopWatching?.();
    if (this.#onAbort) this.#signal?.removeEventListener('abort', this.#onAbort);
    if (error === null) this.resolve();
    else this.reject(error);
  }
}

/**
 * Keeps `chunk` in `received` within `room` bytes: the whole chunk when it fits, else the part that
 * does. True when the chunk crossed the cap, and reading must stop.
 */
export function keepWithin(received: Buffer[], chunk: Buffer, room: number): boolean {
  if (chunk.length <= room) {
    received.push(chunk);
    return false;
  }
  if (room > 0) received.push(chunk.subarray(0, room));
  return true;
}

/** A body over `limit` (the lower of the two caps), named by the cap that set it. */
export function tooLarge(caps: BodyCaps, limit: number): TooLargeError {
  return new TooLargeError(caps.maxWireBytes <= caps.maxDecodedBytes ? 'wire' : 'decoded', limit);
}

/**
 * Destroys a source we stop reading. An undici body emits an "aborted" error when destroyed
 * unfinished; nobody is listening any more, so it is swallowed rather than left unhandled.
 */
function discard(source: Readable): void {
  if (source.destroyed) return;
  source.on('error', () => undefined);
  source.destroy();
}

/** Parses a Content-Encoding list; throws ProtocolError for a coding we did not offer. */
export function parseContentEncoding(value: string | null): string[] {
  const codings = (value ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  for (const coding of codings) {
    if (!['gzip', 'x-gzip', 'deflate', 'br'].includes(coding)) {
      throw new ProtocolError(
        `The server used content-encoding "${coding}", which was not offered (gzip, deflate, br)`,
      );
    }
  }
  return codings;
}

/** Decoders in the order to apply them: codings were applied left to right, so undo right to left. */
function createDecoders(contentEncoding: string | null): Duplex[] {
  return parseContentEncoding(contentEncoding)
    .reverse()
    .map((coding) => {
      if (coding === 'br') return zlib.createBrotliDecompress(BROTLI_OPTIONS);
      if (coding === 'deflate') return Duplex.from(inflateEither);
      return zlib.createGunzip(ZLIB_OPTIONS);
    });
}

/**
 * "deflate" is meant to be zlib-wrapped (RFC 9110), but some servers (old IIS among them) send raw
 * deflate. Like browsers, look at the first byte: a zlib header has compression method 8 in its low nibble.
 */
async function* inflateEither(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done === true) return;
  const firstChunk = first.value;
  const inflater =
    ((firstChunk[0] ?? 0) & 0x0f) === 0x08 ? zlib.createInflate(ZLIB_OPTIONS) : zlib.createInflateRaw(ZLIB_OPTIONS);
  async function* replay(): AsyncGenerator<Buffer> {
    yield firstChunk;
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) yield next.value;
  }
  // Errors on either side surface through iterating the inflater; the catch only keeps the promise quiet.
  const feeding = Readable.from(replay());
  const done = pipeline(feeding, inflater);
  done.catch(() => undefined);
  try {
    for await (const chunk of inflater) yield chunk as Buffer;
  } finally {
    feeding.destroy();
    inflater.destroy();
  }
}

function wireMeter(maxBytes: number, truncate: boolean): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
      seen += chunk.length;
      if (seen <= maxBytes) {
        callback(null, chunk);
        return;
      }
      if (truncate) {
        const keep = chunk.length - (seen - maxBytes);
        if (keep > 0) this.push(chunk.subarray(0, keep));
        callback(new StopReading());
        return;
      }
      callback(new TooLargeError('wire', maxBytes));
    },
  });
}

/** Keeps decoded chunks until the cap; past it, keeps the part that fits and stops (or fails). */
function decodedSink(maxBytes: number, truncate: boolean, received: Buffer[]): Writable {
  let seen = 0;
  return new Writable({
    write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
      const room = maxBytes - seen;
      seen += chunk.length;
      if (chunk.length <= room) {
        received.push(chunk);
        callback();
        return;
      }
      if (room > 0) received.push(chunk.subarray(0, room));
      callback(truncate ? new StopReading() : new TooLargeError('decoded', maxBytes));
    },
  });
}
