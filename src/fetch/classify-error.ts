import type { FailureAction } from '../core/outcome.ts';
import { FetchAbortError } from './errors.ts';
import type { FetchFailure } from './types.ts';

export interface ErrorClassification {
  outcome: FetchFailure['outcome'];
  action: FailureAction;
  /** One line: what happened, the underlying code, and what to do. */
  message: string;
}

interface CodeRule {
  matches: (code: string) => boolean;
  outcome: FetchFailure['outcome'];
  action: FailureAction;
  hint: string;
}

const oneOf =
  (...codes: string[]) =>
  (code: string) =>
    codes.includes(code);
const prefixed =
  (...prefixes: string[]) =>
  (code: string) =>
    prefixes.some((p) => code.startsWith(p));

/** Ordered: the first rule matching a code wins. */
const CODE_RULES: CodeRule[] = [
  {
    matches: oneOf('ENOTFOUND', 'ENODATA', 'ENONAME'),
    outcome: 'dns',
    action: 'target-down',
    hint: 'the host name does not resolve',
  },
  {
    matches: oneOf('EAI_AGAIN', 'ESERVFAIL', 'ETIMEOUT'),
    outcome: 'dns',
    action: 'retry',
    hint: 'DNS lookup failed temporarily',
  },
  {
    matches: oneOf('ECONNREFUSED'),
    outcome: 'connect',
    action: 'target-down',
    hint: 'nothing is listening at that address and port',
  },
  {
    matches: oneOf('UND_ERR_DESTROYED', 'UND_ERR_CLOSED'),
    outcome: 'protocol',
    action: 'misconfigured',
    hint: 'the fetcher was already closed; fetch with a new one',
  },
  {
    matches: oneOf(
      'ECONNRESET',
      'EPIPE',
      'ECONNABORTED',
      'EHOSTUNREACH',
      'ENETUNREACH',
      'EHOSTDOWN',
      'ENETDOWN',
      'UND_ERR_SOCKET',
    ),
    outcome: 'connect',
    action: 'retry',
    hint: 'the connection failed or was dropped',
  },
  {
    matches: oneOf('ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'),
    outcome: 'timeout',
    action: 'retry',
    hint: 'the server did not answer in time',
  },
  {
    matches: (code) =>
      prefixed('CERT_', 'ERR_TLS_', 'ERR_SSL_', 'ERR_OSSL_', 'UNABLE_TO_', 'DEPTH_ZERO_', 'SELF_SIGNED_')(code) ||
      oneOf('EPROTO', 'HOSTNAME_MISMATCH', 'INVALID_CA', 'INVALID_PURPOSE', 'CERT_UNTRUSTED', 'CERT_REJECTED')(code),
    outcome: 'tls',
    action: 'target-down',
    hint: 'the TLS handshake or certificate check failed',
  },
  {
    matches: oneOf('UND_ERR_RESPONSE_EXCEEDED_MAX_SIZE'),
    outcome: 'too-large',
    action: 'target-down',
    hint: 'the response is too large',
  },
  {
    matches: (code) =>
      prefixed('HPE_', 'Z_', 'ERR__ERROR_FORMAT', 'ERR_BROTLI')(code) ||
      oneOf(
        'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
        'UND_ERR_HEADERS_OVERFLOW',
        'UND_ERR_INFO',
        'UND_ERR_RESPONSE',
        'ERR_ZLIB_INITIALIZATION_FAILED',
      )(code),
    outcome: 'protocol',
    action: 'target-down',
    hint: 'the server sent a malformed HTTP response or body',
  },
  {
    matches: oneOf(
      'ERR_INVALID_URL',
      'UND_ERR_INVALID_ARG',
      'ERR_INVALID_ARG_VALUE',
      'ERR_INVALID_HTTP_TOKEN',
      'ERR_INVALID_CHAR',
    ),
    outcome: 'blocked',
    action: 'misconfigured',
    hint: 'the request cannot be made as configured; fix the URL or headers',
  },
];

/**
 * Maps anything thrown while fetching to an outcome and an action, by walking the `cause` chain
 * (and `AggregateError.errors`, which Node's happy-eyeballs connect produces) from the root cause up.
 * Pure: no I/O, no clock.
 */
export function classifyError(error: unknown): ErrorClassification {
  const chain = errorChain(error);
  const own = chain.find((e): e is FetchAbortError => e instanceof FetchAbortError);
  if (own) return { outcome: own.outcome, action: own.action, message: own.message };
  // Root cause first: an ECONNRESET inside an UND_ERR_SOCKET says more than the wrapper.
  for (const candidate of [...chain].reverse()) {
    const code = codeOf(candidate);
    const rule = code ? CODE_RULES.find((r) => r.matches(code)) : undefined;
    if (rule && code) {
      return { outcome: rule.outcome, action: rule.action, message: `${rule.hint} (${code}: ${messageOf(candidate)})` };
    }
  }
  const top = chain[0];
  return {
    outcome: 'protocol',
    action: 'retry',
    message: `unclassified fetch error (${top ? `${nameOf(top)}: ${messageOf(top)}` : String(error)})`,
  };
}

/** The error, its causes, and AggregateError members, outermost first; bounded against cycles. */
export function errorChain(error: unknown, limit = 16): unknown[] {
  const out: unknown[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && out.length < limit) {
    const current = queue.shift();
    if (current === undefined || current === null || out.includes(current)) continue;
    out.push(current);
    if (typeof current !== 'object') continue;
    const record = current as { cause?: unknown; errors?: unknown };
    if (record.cause !== undefined) queue.push(record.cause);
    if (Array.isArray(record.errors)) queue.push(...(record.errors as unknown[]));
  }
  return out;
}

function codeOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, name } = error as { code?: unknown; name?: unknown };
  if (typeof code === 'string' && code !== '') return code;
  // undici 7's HTTPParserError often carries no code (its llhttp error table is keyed the other way).
  return name === 'HTTPParserError' ? 'HPE_UNKNOWN' : null;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error));
}

function nameOf(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
