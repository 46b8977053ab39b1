/**
 * Webhook, Slack and Teams senders: one JSON POST each, through an undici Agent whose every connection
 * goes through the SSRF guard. Redirects are not followed (a receiver that redirects is misconfigured,
 * and following would let it point Mamori elsewhere).
 */
import { createHmac } from 'node:crypto';
import { Agent, request } from 'undici';
import { checkUrl, createGuardedLookup } from '../fetch/ssrf-guard.ts';
import type { NetworkPolicy } from '../fetch/types.ts';
import type { Language } from '../messages/index.ts';
import { slackBody, teamsBody, webhookBody } from './format.ts';
import type { NotificationMessage, SendResult, Sender } from './types.ts';

export const SIGNATURE_HEADER = 'x-mamori-signature';
export const TIMESTAMP_HEADER = 'x-mamori-timestamp';

export interface HttpSenderOptions {
  name: string;
  kind: 'webhook' | 'slack' | 'teams';
  url: string;
  secret?: string | undefined;
  policy: NetworkPolicy;
  timeoutMs: number;
  userAgent: string;
  /** The time sent in the timestamp header (epoch ms); the signature covers it, so replays are dated. */
  now: () => number;
  /** The language notifications are worded in; English when absent. */
  language?: Language | undefined;
}

/** `sha256=<hex>` of `timestamp.body`, as receivers recompute it. */
export function signBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function createHttpSender(options: HttpSenderOptions): Sender {
  const agent = new Agent({
    connect: { timeout: options.timeoutMs, lookup: createGuardedLookup(options.policy) },
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
  const format = options.kind === 'slack' ? slackBody : options.kind === 'teams' ? teamsBody : webhookBody;
  return {
    name: options.name,
    async send(message: NotificationMessage): Promise<SendResult> {
      const url = new URL(options.url);
      const blocked = checkUrl(url, options.policy);
      if (blocked) return { ok: false, permanent: true, error: blocked.message };
      const body = format(message, options.language ?? 'en');
      const timestamp = String(options.now());
      const headers: Record<string, string> = {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': options.userAgent,
        [TIMESTAMP_HEADER]: timestamp,
      };
      if (options.secret) headers[SIGNATURE_HEADER] = signBody(options.secret, timestamp, body);
      try {
        const response = await request(url, {
          method: 'POST',
          body,
          headers,
          dispatcher: agent,
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        await response.body.dump();
        if (response.statusCode >= 200 && response.statusCode < 300) return { ok: true };
        // 408 and 429 are "later"; any other 4xx will not get better by retrying.
        const permanent =
          response.statusCode >= 400 &&
          response.statusCode < 500 &&
          response.statusCode !== 408 &&
          response.statusCode !== 429;
        return { ok: false, permanent, error: `HTTP ${response.statusCode} from ${url.origin}` };
      } catch (error) {
        const text = describe(error);
        return {
          ok: false,
          permanent: /refused addresses|network policy|always refused/.test(text),
          error: `${url.origin}: ${text}`,
        };
      }
    },
    close: () => agent.close(),
  };
}

function describe(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e instanceof Error && parts.length < 4; e = e.cause) parts.push(e.message || e.name);
  return parts.join(': ') || String(error);
}
