import { describe, expect, it } from 'vitest';
import { classifyError, errorChain } from './classify-error.ts';
import { BlockedError, DeadlineError, ProtocolError, TooLargeError } from './errors.ts';

const coded = (code: string, message = code, cause?: unknown): Error =>
  Object.assign(new Error(message, { cause }), { code });

describe('classifyError', () => {
  it.each([
    ['ENOTFOUND', 'dns', 'target-down'],
    ['EAI_AGAIN', 'dns', 'retry'],
    ['ECONNREFUSED', 'connect', 'target-down'],
    ['ECONNRESET', 'connect', 'retry'],
    ['EHOSTUNREACH', 'connect', 'retry'],
    ['ENETUNREACH', 'connect', 'retry'],
    ['UND_ERR_SOCKET', 'connect', 'retry'],
    ['ETIMEDOUT', 'timeout', 'retry'],
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout', 'retry'],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout', 'retry'],
    ['UND_ERR_BODY_TIMEOUT', 'timeout', 'retry'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls', 'target-down'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'tls', 'target-down'],
    ['CERT_HAS_EXPIRED', 'tls', 'target-down'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls', 'target-down'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls', 'target-down'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls', 'target-down'],
    ['EPROTO', 'tls', 'target-down'],
    ['HPE_INVALID_CONSTANT', 'protocol', 'target-down'],
    ['HPE_INVALID_HEADER_TOKEN', 'protocol', 'target-down'],
    ['UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'protocol', 'target-down'],
    ['UND_ERR_HEADERS_OVERFLOW', 'protocol', 'target-down'],
    ['Z_DATA_ERROR', 'protocol', 'target-down'],
    ['ERR__ERROR_FORMAT_PADDING_1', 'protocol', 'target-down'],
    ['UND_ERR_RESPONSE_EXCEEDED_MAX_SIZE', 'too-large', 'target-down'],
    ['ERR_INVALID_URL', 'blocked', 'misconfigured'],
    ['UND_ERR_DESTROYED', 'protocol', 'misconfigured'],
  ])('%s → %s / %s', (code, outcome, action) => {
    const result = classifyError(coded(code, `boom ${code}`));
    expect(result).toMatchObject({ outcome, action });
    expect(result.message).toContain(code);
  });

  it('recognises undici HTTP parser errors that carry no code', () => {
    const parserError = Object.assign(
      new Error('Response does not match the HTTP/1.1 protocol (Invalid header token)'),
      { name: 'HTTPParserError', code: undefined },
    );
    expect(classifyError(parserError)).toMatchObject({ outcome: 'protocol', action: 'target-down' });
  });

  it('uses the outcome our own errors carry', () => {
    expect(classifyError(new BlockedError('169.254.169.254 is a cloud metadata endpoint'))).toMatchObject({
      outcome: 'blocked',
      action: 'misconfigured',
    });
    expect(classifyError(new DeadlineError(500))).toMatchObject({ outcome: 'timeout', action: 'retry' });
    expect(classifyError(new TooLargeError('decoded', 10))).toMatchObject({
      outcome: 'too-large',
      action: 'target-down',
    });
    expect(classifyError(new ProtocolError('Redirect loop'))).toMatchObject({
      outcome: 'protocol',
      action: 'target-down',
    });
  });

  it('finds our error deep in a cause chain (a BlockedError from lookup wrapped by undici)', () => {
    const wrapped = new TypeError('fetch failed', {
      cause: coded('UND_ERR_SOCKET', 'other side closed', new BlockedError('10.0.0.1 is private')),
    });
    expect(classifyError(wrapped)).toMatchObject({ outcome: 'blocked', action: 'misconfigured' });
  });

  it('prefers the root cause over its wrapper', () => {
    const wrapped = coded(
      'UND_ERR_SOCKET',
      'other side closed',
      coded('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'),
    );
    expect(classifyError(wrapped)).toMatchObject({ outcome: 'tls' });
  });

  it('looks inside AggregateError from happy-eyeballs connects', () => {
    const aggregate = Object.assign(
      new AggregateError([
        coded('ECONNREFUSED', 'connect ECONNREFUSED ::1:1'),
        coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'),
      ]),
      {
        code: 'ECONNREFUSED',
      },
    );
    expect(classifyError(aggregate)).toMatchObject({ outcome: 'connect', action: 'target-down' });
    const timeouts = new AggregateError([coded('ETIMEDOUT'), coded('ETIMEDOUT')]);
    expect(classifyError(timeouts)).toMatchObject({ outcome: 'timeout' });
  });

  it('falls back to protocol / retry for anything unknown, and never throws', () => {
    expect(classifyError(new Error('weird'))).toMatchObject({ outcome: 'protocol', action: 'retry' });
    expect(classifyError(undefined).outcome).toBe('protocol');
    expect(classifyError('a string').message).toContain('a string');
    expect(classifyError({ code: 42 }).outcome).toBe('protocol');
  });

  it('survives cyclic causes', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    Object.assign(a, { cause: b });
    expect(errorChain(a)).toHaveLength(2);
    expect(classifyError(a).outcome).toBe('protocol');
  });
});
