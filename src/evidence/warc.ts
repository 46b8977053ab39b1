/**
 * WARC 1.1 records (ISO 28500:2017), written by hand so every byte is ours to account for: the
 * HTTP header lines go into the record exactly as received, which a serializer that parses headers
 * into a map would not guarantee. Each record is its own gzip member (the `.warc.gz` convention), so
 * standard tools read and index the file record by record.
 */
import { createHash, randomUUID } from 'node:crypto';
import { constants, gzipSync } from 'node:zlib';

export type WarcType = 'warcinfo' | 'request' | 'response' | 'metadata' | 'resource';

/** Why a record holds less than was sent (WARC-Truncated). */
export type WarcTruncation = 'length' | 'time' | 'disconnect' | 'unspecified';

export interface WarcRecordSpec {
  type: WarcType;
  recordId: string;
  /** Epoch milliseconds (written with millisecond precision, allowed by WARC 1.1). */
  date: number;
  targetUri?: string;
  contentType: string;
  block: Buffer;
  /**
   * For `application/http` blocks: where the payload (the entity body) starts, so its digest can be
   * given separately. Undefined: no payload digest.
   */
  payloadOffset?: number;
  /**
   * The payload's digest when the caller already has it (`sha256:<hex>` of the bytes from
   * `payloadOffset`): the fetch hashed the body as it read it, so it is not hashed a second time.
   */
  payloadDigest?: string;
  ipAddress?: string;
  concurrentTo?: string[];
  refersTo?: string;
  warcinfoId?: string;
  truncated?: WarcTruncation;
  filename?: string;
}

export const WARC_VERSION = 'WARC/1.1';
const CRLF = '\r\n';

export function newRecordId(): string {
  return `<urn:uuid:${randomUUID()}>`;
}

/** `sha256:<hex>`: the convention of webrecorder's tools, and equal to a check's bodySha256. */
export function warcDigest(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/**
 * A header value can't break the record: control characters (CR and LF above all) become spaces.
 * Values come from URLs and addresses Mamori built, but a page's own bytes are hostile by default.
 */
export function fieldValue(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\x00-\x1f\x7f]/g, ' ');
}

/** WARC 1.1: Date in W3C ISO 8601 with fractional seconds. */
export function warcDate(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** One uncompressed record: version line, named fields, blank line, block, two CRLFs. */
export function serializeRecord(spec: WarcRecordSpec): Buffer {
  const fields: [string, string | undefined][] = [
    ['WARC-Type', spec.type],
    ['WARC-Record-ID', spec.recordId],
    ['WARC-Date', warcDate(spec.date)],
    ['WARC-Target-URI', spec.targetUri],
    ['WARC-Filename', spec.filename],
    ['WARC-IP-Address', spec.ipAddress],
    ['WARC-Warcinfo-ID', spec.warcinfoId],
    ['WARC-Refers-To', spec.refersTo],
    ['WARC-Truncated', spec.truncated],
    ['Content-Type', spec.contentType],
    ['WARC-Block-Digest', warcDigest(spec.block)],
    [
      'WARC-Payload-Digest',
      spec.payloadOffset === undefined
        ? undefined
        : (spec.payloadDigest ?? warcDigest(spec.block.subarray(spec.payloadOffset))),
    ],
    ['Content-Length', String(spec.block.length)],
  ];
  const lines = [WARC_VERSION];
  for (const [name, value] of fields) if (value !== undefined) lines.push(`${name}: ${fieldValue(value)}`);
  for (const id of spec.concurrentTo ?? []) lines.push(`WARC-Concurrent-To: ${fieldValue(id)}`);
  const head = Buffer.from(lines.join(CRLF) + CRLF + CRLF, 'utf8');
  return Buffer.concat([head, spec.block, Buffer.from(CRLF + CRLF)]);
}

/**
 * Fastest deflate: every changed page writes a WARC on the main thread, and level 1 took about half
 * the CPU of zlib's default 6 on pages of 50 KB for files about 12% larger (issue 21). Any level
 * gives a standard gzip member, so readers and the hashes over the file's bytes are unaffected.
 */
const GZIP_OPTIONS = { level: constants.Z_BEST_SPEED };

/** A `.warc.gz` file: each record compressed as its own gzip member. */
export function gzipRecords(specs: readonly WarcRecordSpec[]): Buffer {
  return Buffer.concat(specs.map((spec) => gzipSync(serializeRecord(spec), GZIP_OPTIONS)));
}

/** `application/warc-fields` text for a warcinfo record. */
export function warcFields(fields: readonly (readonly [string, string])[]): Buffer {
  return Buffer.from(fields.map(([name, value]) => `${name}: ${fieldValue(value)}${CRLF}`).join(''), 'utf8');
}
