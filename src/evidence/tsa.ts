/**
 * RFC 3161 time stamps of ledger heads. A trusted time-stamping authority signs "this hash existed at
 * this time"; stamping the head's entryHash vouches for the whole chain up to it, so a ledger rewritten
 * later (even with recomputed hashes) no longer matches the token.
 *
 * The request is built and the reply parsed with pkijs; the token is kept whole (the DER
 * TimeStampResp) so `openssl ts -verify -digest <entryHash> -in <file> -CAfile <tsa-ca>` checks it.
 */
import * as asn1js from 'asn1js';
import { randomBytes } from 'node:crypto';
import * as pkijs from 'pkijs';
import { request } from 'undici';

const SHA256_OID = '2.16.840.1.101.3.4.2.1';
const TST_INFO_OID = '1.2.840.113549.1.9.16.1.4';
const MAX_REPLY_BYTES = 1024 * 1024;

export type TsaError =
  | { code: 'unreachable'; message: string }
  | { code: 'http'; message: string }
  | { code: 'rejected'; message: string }
  | { code: 'malformed'; message: string }
  | { code: 'mismatch'; message: string };

export interface TimeStamp {
  /** The DER TimeStampResp, as received. */
  reply: Buffer;
  genTime: string;
  serialNumber: string;
  policy: string;
}

function toArrayBuffer(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** A DER TimeStampReq for a SHA-256 digest (hex), asking for the TSA's certificate, with a nonce. */
export function timeStampRequest(sha256HexDigest: string, nonce: Buffer = randomBytes(8)): Buffer {
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA256_OID }),
      hashedMessage: new asn1js.OctetString({ valueHex: toArrayBuffer(Buffer.from(sha256HexDigest, 'hex')) }),
    }),
    certReq: true,
    // A positive INTEGER: clear the top bit.
    // The first byte is kept in 0x01..0x7f: positive, and never a leading zero, which DER forbids
    // (a TSA then rejects the request as badly formed: one request in about 256 did).
    nonce: new asn1js.Integer({
      valueHex: toArrayBuffer(Buffer.from([(nonce[0]! & 0x7f) | 0x01, ...nonce.subarray(1)])),
    }),
  });
  return Buffer.from(req.toSchema().toBER(false));
}

function hexOf(value: ArrayBuffer): string {
  return Buffer.from(value).toString('hex');
}

/** Reads a TimeStampResp: granted, a TSTInfo whose imprint is our digest. Errors as values. */
export function parseTimeStampReply(reply: Buffer, sha256HexDigest: string): TimeStamp | TsaError {
  try {
    const resp = pkijs.TimeStampResp.fromBER(toArrayBuffer(reply));
    const status = Number(resp.status.status);
    // 0 granted, 1 granted with modifications (RFC 3161 PKIStatus).
    if (status !== 0 && status !== 1) {
      return {
        code: 'rejected',
        message: `the TSA refused the request (PKIStatus ${status}${resp.status.statusStrings ? `: ${resp.status.statusStrings.map((s) => s.valueBlock.value).join('; ')}` : ''})`,
      };
    }
    if (!resp.timeStampToken) return { code: 'malformed', message: 'the reply carries no time-stamp token' };
    const signed = new pkijs.SignedData({ schema: resp.timeStampToken.content });
    if (signed.encapContentInfo.eContentType !== TST_INFO_OID || !signed.encapContentInfo.eContent)
      return { code: 'malformed', message: 'the token holds no TSTInfo' };
    const tst = pkijs.TSTInfo.fromBER(signed.encapContentInfo.eContent.getValue());
    const imprint = hexOf(tst.messageImprint.hashedMessage.getValue());
    if (tst.messageImprint.hashAlgorithm.algorithmId !== SHA256_OID || imprint !== sha256HexDigest) {
      return { code: 'mismatch', message: `the token stamps ${imprint}, not ${sha256HexDigest}` };
    }
    return {
      reply,
      genTime: tst.genTime.toISOString(),
      serialNumber: Buffer.from(tst.serialNumber.valueBlock.valueHexView).toString('hex'),
      policy: tst.policy,
    };
  } catch (err) {
    return {
      code: 'malformed',
      message: `the reply is not a valid RFC 3161 response (${err instanceof Error ? err.message : String(err)})`,
    };
  }
}

/** POSTs the request to the TSA (RFC 3161 over HTTP) and parses the reply. */
export async function requestTimeStamp(
  tsaUrl: string,
  sha256HexDigest: string,
  timeoutMs = 10_000,
): Promise<TimeStamp | TsaError> {
  let status: number;
  let body: Buffer;
  try {
    const res = await request(tsaUrl, {
      method: 'POST',
      body: timeStampRequest(sha256HexDigest),
      headers: { 'content-type': 'application/timestamp-query' },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    status = res.statusCode;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > MAX_REPLY_BYTES) {
        res.body.destroy();
        return { code: 'malformed', message: `the reply is larger than ${MAX_REPLY_BYTES} bytes` };
      }
      chunks.push(chunk as Buffer);
    }
    body = Buffer.concat(chunks);
  } catch (err) {
    return {
      code: 'unreachable',
      message: `cannot reach the TSA at ${tsaUrl} (${err instanceof Error ? err.message : String(err)})`,
    };
  }
  if (status !== 200) return { code: 'http', message: `the TSA at ${tsaUrl} answered HTTP ${status}` };
  return parseTimeStampReply(body, sha256HexDigest);
}

export function isTsaError(value: TimeStamp | TsaError): value is TsaError {
  return 'code' in value;
}
