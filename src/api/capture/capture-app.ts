/**
 * The capture origin: a second listener, on its own port, that serves one thing: the body Mamori
 * received for a check, to a holder of a short-lived signed link (capture-token.ts). Captured pages
 * are hostile (defacements carry scripts, `onerror` payloads, miners), so this origin never shares
 * cookies or storage with the console, and what it serves cannot run:
 *
 * - `as=text` (the default): the source as text/plain, for an escaped view;
 * - `as=html`: the page as HTML under a CSP `sandbox` (no scripts, no same-origin, no forms, no
 *   popups) that also forbids every fetch except inline styles and data: images, for the dashboard's
 *   sandboxed iframe.
 *
 * Every answer is nosniff (a text/plain body is never sniffed into HTML) and same-site only.
 */
import { Hono, type Context } from 'hono';
import type { Logger } from 'pino';
import { decodeHtml } from '../../fetch/decode.ts';
import type { BlobStore } from '../../store/blob-store.ts';
import { CORRUPTED_ADVICE, readEvidence } from '../evidence-corrupted.ts';
import type { EstateStore } from '../../store/types.ts';
import type { CaptureTokens } from './capture-token.ts';

export const CAPTURE_CSP = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'";

export interface CaptureAppDeps {
  store: Pick<EstateStore, 'getCheck'>;
  /** Page bodies (runtime.blobs). */
  bodies: Pick<BlobStore, 'get'>;
  tokens: CaptureTokens;
  now: () => number;
  log: Pick<Logger, 'error'>;
}

const HEADERS: Record<string, string> = {
  'Content-Security-Policy': CAPTURE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Resource-Policy': 'same-site',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'private, no-store',
};

export function createCaptureApp(deps: CaptureAppDeps): Hono {
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(HEADERS)) c.header(name, value);
  });
  const refuse = (c: Context, status: 403 | 404, message: string) =>
    c.text(message, status, { 'Content-Type': 'text/plain; charset=utf-8' });
  app.get('/capture/:checkId{[0-9]{1,15}}', async (c) => {
    const checkId = Number(c.req.param('checkId'));
    const token = c.req.query('t') ?? '';
    const as = c.req.query('as') ?? 'text';
    if (as !== 'text' && as !== 'html') return refuse(c, 404, 'as must be text or html');
    if (!deps.tokens.verify(token, checkId, deps.now()))
      return refuse(c, 403, 'this link is not valid (or has expired): ask the console for a new one');
    const check = await deps.store.getCheck(checkId);
    const read =
      check?.bodyKept && check.bodySha256
        ? await readEvidence(() => deps.bodies.get(check.bodySha256!))
        : { value: null };
    // Plain text like every answer here; the code is in a header for the dashboard.
    if ('corrupted' in read)
      return c.text(`evidence_corrupted: the stored body of this check is damaged. ${CORRUPTED_ADVICE}`, 409, {
        'Content-Type': 'text/plain; charset=utf-8',
        'X-Mamori-Error': 'evidence_corrupted',
      });
    const body = read.value;
    if (!check || body === null) return refuse(c, 404, 'the body of this check is not kept');
    const text = decodeHtml(body, check.charset ? `text/html; charset=${check.charset}` : null).text;
    return c.body(text, 200, {
      'Content-Type': as === 'html' ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8',
    });
  });
  app.notFound((c) => refuse(c, 404, 'not found'));
  app.onError((error, c) => {
    deps.log.error({ err: error, path: c.req.path }, 'capture origin handler failed');
    return c.text('internal error', 500, { 'Content-Type': 'text/plain; charset=utf-8' });
  });
  return app;
}
