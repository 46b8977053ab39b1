/**
 * One check as one WARC file: warcinfo, then request and response per hop of the redirect chain,
 * then a metadata record (verdict, reasons, addresses, TLS chain, timings, header lines verbatim),
 * then what a rendering stage added (screenshots, the DOM after scripts, diff images) as resources.
 */
import { EVIDENCE_BYTES } from '../fetch/fetch-progress.ts';
import type { FetchResult, HttpExchange } from '../fetch/types.ts';
import type { Check } from '../store/types.ts';
import { headerLines, requestBlock, responseBlock } from './http-message.ts';
import type { CaptureTrigger, RenderedCapture } from './types.ts';
import { gzipRecords, newRecordId, warcFields, type WarcRecordSpec, type WarcTruncation } from './warc.ts';

export interface CaptureInput {
  trigger: CaptureTrigger;
  page: { id: number; url: string };
  check: Check;
  fetch: FetchResult;
  rendered?: RenderedCapture;
  mamoriVersion: string;
  /** Epoch milliseconds when the evidence was written. */
  capturedAt: number;
}

export interface BuiltWarc {
  bytes: Buffer;
  records: number;
}

const SPEC_URL = 'https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/';

/** The body the last response carried, and whether it is whole. */
function lastBody(fetch: FetchResult): { body: Buffer; truncated: WarcTruncation | undefined } {
  if (fetch.ok) return { body: fetch.page.body, truncated: undefined };
  const body = fetch.failure.body;
  if (body === null) return { body: Buffer.alloc(0), truncated: 'unspecified' };
  // Error pages are kept up to EVIDENCE_BYTES; a body that long was probably cut.
  return { body, truncated: body.length >= EVIDENCE_BYTES ? 'length' : undefined };
}

function declaresEmptyBody(exchange: HttpExchange): boolean {
  return exchange.rawHeaders.some(([name, value]) => name.toLowerCase() === 'content-length' && value.trim() === '0');
}

function exchangeRecords(
  exchanges: readonly HttpExchange[],
  fetch: FetchResult,
  warcinfoId: string,
): { specs: WarcRecordSpec[]; lastResponseId: string | null } {
  const specs: WarcRecordSpec[] = [];
  let lastResponseId: string | null = null;
  exchanges.forEach((exchange, i) => {
    const isLast = i === exchanges.length - 1;
    // Redirect bodies are drained unread: recorded as empty, and said to be incomplete unless the server declared none.
    const { body, truncated } = isLast
      ? lastBody(fetch)
      : { body: Buffer.alloc(0), truncated: declaresEmptyBody(exchange) ? undefined : ('unspecified' as const) };
    const requestId = newRecordId();
    const responseId = newRecordId();
    const request = requestBlock(exchange);
    const common = {
      date: exchange.sentAt,
      targetUri: exchange.url,
      warcinfoId,
      ...(exchange.remoteAddress ? { ipAddress: exchange.remoteAddress } : {}),
    };
    if (request) {
      specs.push({
        ...common,
        type: 'request',
        recordId: requestId,
        contentType: 'application/http;msgtype=request',
        block: request,
        concurrentTo: [responseId],
      });
    }
    const response = responseBlock(exchange, body);
    specs.push({
      ...common,
      type: 'response',
      recordId: responseId,
      contentType: 'application/http;msgtype=response',
      block: response.block,
      payloadOffset: response.payloadOffset,
      // The body of a whole fetch was hashed as it was read (its bodySha256): the same bytes.
      ...(isLast && fetch.ok ? { payloadDigest: `sha256:${fetch.page.bodySha256}` } : {}),
      ...(request ? { concurrentTo: [requestId] } : {}),
      ...(truncated ? { truncated } : {}),
    });
    lastResponseId = responseId;
  });
  return { specs, lastResponseId };
}

/** Everything an investigator needs next to the HTTP records, as JSON. */
export function captureMetadata(input: CaptureInput): object {
  const { check, fetch } = input;
  const info = fetch.ok ? fetch.page : fetch.failure;
  return {
    mamoriVersion: input.mamoriVersion,
    statement:
      'Mamori attests to what it received from the address below at the time below; it cannot attest to what other visitors were served.',
    trigger: input.trigger,
    capturedAt: new Date(input.capturedAt).toISOString(),
    page: input.page,
    check: {
      id: check.id,
      startedAt: new Date(check.startedAt).toISOString(),
      durationMs: check.durationMs,
      outcome: check.outcome,
      verdict: check.verdict,
      reasons: check.reasons,
      httpStatus: check.httpStatus,
      bodySha256: check.bodySha256,
      bodyBytes: check.bodyBytes,
    },
    fetch: {
      requestedUrl: info.requestedUrl,
      finalUrl: fetch.ok ? fetch.page.finalUrl : null,
      failure: fetch.ok ? null : { outcome: fetch.failure.outcome, message: fetch.failure.message },
      remoteAddress: info.remoteAddress,
      charset: fetch.ok ? fetch.page.charset : null,
      timings: info.timings,
      redirects: info.redirects,
      statusLineNote:
        'Status lines are written as HTTP/1.1, the protocol of the request; the client does not report the version the server answered with.',
      exchanges: (info.exchanges ?? []).map((e) => ({
        url: e.url,
        sentAt: new Date(e.sentAt).toISOString(),
        remoteAddress: e.remoteAddress,
        status: e.status,
        statusText: e.statusText,
        requestHead: e.requestHead?.split('\r\n') ?? null,
        responseHeaderLines: headerLines(e),
        tls: e.tls,
      })),
    },
    rendered: input.rendered
      ? {
          screenshots: (input.rendered.screenshots ?? []).map((s) => s.label),
          renderedDom: input.rendered.renderedDom !== undefined,
          diffImages: (input.rendered.diffImages ?? []).map((d) => d.label),
        }
      : null,
  };
}

function resourceRecords(input: CaptureInput, warcinfoId: string, refersTo: string | undefined): WarcRecordSpec[] {
  const { rendered, page, capturedAt } = input;
  if (!rendered) return [];
  const base = { type: 'resource' as const, date: capturedAt, warcinfoId, ...(refersTo ? { refersTo } : {}) };
  const specs: WarcRecordSpec[] = [];
  for (const shot of rendered.screenshots ?? []) {
    specs.push({
      ...base,
      recordId: newRecordId(),
      targetUri: `urn:mamori:screenshot:${encodeURIComponent(shot.label)}:${page.url}`,
      contentType: 'image/png',
      block: shot.png,
    });
  }
  if (rendered.renderedDom !== undefined) {
    const block = Buffer.from(rendered.renderedDom, 'utf8');
    specs.push({
      ...base,
      recordId: newRecordId(),
      targetUri: `urn:mamori:rendered-dom:${page.url}`,
      contentType: 'text/html; charset=utf-8',
      block,
    });
  }
  for (const diff of rendered.diffImages ?? []) {
    specs.push({
      ...base,
      recordId: newRecordId(),
      targetUri: `urn:mamori:diff:${encodeURIComponent(diff.label)}:${page.url}`,
      contentType: 'image/png',
      block: diff.png,
    });
  }
  return specs;
}

export function buildCaptureWarc(input: CaptureInput, filename: string): BuiltWarc {
  const warcinfoId = newRecordId();
  const info = input.fetch.ok ? input.fetch.page : input.fetch.failure;
  const warcinfo: WarcRecordSpec = {
    type: 'warcinfo',
    recordId: warcinfoId,
    date: input.capturedAt,
    filename,
    contentType: 'application/warc-fields',
    block: warcFields([
      ['software', `Mamori/${input.mamoriVersion}`],
      ['format', 'WARC File Format 1.1'],
      ['conformsTo', SPEC_URL],
      [
        'description',
        `Evidence of ${input.page.url}, check #${input.check.id} (${input.trigger}, verdict ${input.check.verdict})`,
      ],
    ]),
  };
  const { specs: http, lastResponseId } = exchangeRecords(info.exchanges ?? [], input.fetch, warcinfoId);
  const metadataId = newRecordId();
  const metadata: WarcRecordSpec = {
    type: 'metadata',
    recordId: metadataId,
    date: input.capturedAt,
    targetUri: input.page.url,
    warcinfoId,
    contentType: 'application/json',
    block: Buffer.from(JSON.stringify(captureMetadata(input), null, 2), 'utf8'),
    ...(lastResponseId ? { refersTo: lastResponseId } : {}),
  };
  const resources = resourceRecords(input, warcinfoId, lastResponseId ?? undefined);
  const specs = [warcinfo, ...http, metadata, ...resources];
  return { bytes: gzipRecords(specs), records: specs.length };
}
