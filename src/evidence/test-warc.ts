/**
 * Reads WARC files back with webrecorder's warcio (the reference reader) for tests. Test support only.
 */
import { fileURLToPath } from 'node:url';
import { WARCParser } from 'warcio';

/** The CLI the warcio package ships (its `warcio` bin), for `warcio index` in tests. */
export const WARCIO_CLI = fileURLToPath(new URL('../../node_modules/warcio/dist/cli.js', import.meta.url));

export interface ReadRecord {
  type: string;
  version: string;
  warc: Map<string, string>;
  /** Parsed HTTP status line and headers, for request/response records. */
  statusline: string | null;
  httpHeaders: [string, string][];
  /** The payload (after the HTTP head) or the whole block for non-HTTP records. */
  payload: Buffer;
}

export async function readWarc(bytes: Buffer): Promise<ReadRecord[]> {
  const parser = new WARCParser([new Uint8Array(bytes)], { keepHeadersCase: true });
  const out: ReadRecord[] = [];
  for await (const record of parser) {
    const warc = new Map<string, string>();
    for (const [name, value] of record.warcHeaders.headers as Iterable<[string, string]>) warc.set(name, value);
    const httpHeaders: [string, string][] = record.httpHeaders
      ? [...(record.httpHeaders.headers as Iterable<[string, string]>)]
      : [];
    const payload = Buffer.from(await record.readFully(false));
    out.push({
      type: record.warcType,
      version: record.warcHeaders.statusline,
      warc,
      statusline: record.httpHeaders?.statusline ?? null,
      httpHeaders,
      payload,
    });
  }
  return out;
}
