/**
 * What an analyst reads first in a capture's WARC: the response record's WARC fields (target,
 * date, address, digests) and the HTTP status line and headers as the server sent them. Read with
 * webrecorder's warcio, the reader the tests check our WARCs against; the payload is skipped.
 */
import { WARCParser } from 'warcio';

export interface WarcResponseHead {
  /** The response record's WARC named fields (WARC-Target-URI, WARC-Date, WARC-IP-Address…). */
  warc: [string, string][];
  /** `HTTP/1.1 200 OK`. */
  statusLine: string;
  /** The header lines in order and spelling (framing reworded as http-message.ts describes). */
  headers: [string, string][];
}

/** The first response record's head, or null when the WARC holds none (a failed fetch) or is unreadable. */
export async function warcResponseHead(bytes: Buffer): Promise<WarcResponseHead | null> {
  try {
    const parser = new WARCParser([new Uint8Array(bytes)], { keepHeadersCase: true });
    for await (const record of parser) {
      if (record.warcType !== 'response' || !record.httpHeaders) continue;
      return {
        warc: [...(record.warcHeaders.headers as Iterable<[string, string]>)],
        statusLine: record.httpHeaders.statusline,
        headers: [...(record.httpHeaders.headers as Iterable<[string, string]>)],
      };
    }
    return null;
  } catch {
    // A damaged or foreign file: the record view says there are no headers; verify says why.
    return null;
  }
}
