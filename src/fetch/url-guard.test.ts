import { describe, expect, it } from 'vitest';
import { BlockedError } from './errors.ts';
import { checkUrl } from './ssrf-guard.ts';
import type { NetworkPolicy } from './types.ts';
import { createUrlGuard } from './url-guard.ts';

const strict: NetworkPolicy = { allowLoopback: false, allowPrivate: false, allowCidrs: [] };
const loopbackOnly: NetworkPolicy = { ...strict, allowLoopback: true };
const someCidrs: NetworkPolicy = { ...strict, allowCidrs: ['192.0.2.0/24', 'fd00::/8'] };

/** Hostile spellings: each must get from the memo exactly what the plain check gives. */
const HOSTILE = [
  'http://169.254.169.254/latest/meta-data/',
  'http://[::ffff:169.254.169.254]/',
  'http://[::ffff:a9fe:a9fe]/',
  'http://[::ffff:127.0.0.1]:8080/',
  'http://[::ffff:7f00:1]/',
  'http://[64:ff9b::a9fe:a9fe]/',
  'http://[2002:7f00:1::]/',
  'http://[::1]/',
  'http://[::]/',
  'http://[fe80::1]/',
  'http://[fd00:ec2::254]/',
  'http://[fd12::1]/',
  'http://2130706433/',
  'http://017700000001/',
  'http://0x7f.1/',
  'http://0x7f000001/',
  'http://127.1/',
  'http://0/',
  'http://0.0.0.0/',
  'http://10.0.0.1/',
  'http://192.0.2.5/',
  'http://100.100.100.200/',
  'http://localhost/',
  'http://localhost./',
  'http://LOCALHOST:80/',
  'http://user:pass@127.0.0.1/',
  'http://example.jp@127.0.0.1/',
  'http://127.0.0.1@example.jp/',
  'https://xn--r8jz45g.jp/',
  'https://例え.jp/',
  'https://www.kantei.go.jp/',
  'https://www.kantei.go.jp:8443/',
  'ftp://127.0.0.1/',
  'ftp://www.kantei.go.jp/',
  'file:///etc/passwd',
  'gopher://x/',
  'javascript:alert(1)',
  'data:text/html,hi',
  'ws://www.kantei.go.jp/',
];

const outcome = (refusal: BlockedError | null) => (refusal === null ? null : refusal.message);

describe('createUrlGuard', () => {
  it.each([
    ['strict', strict],
    ['loopback allowed', loopbackOnly],
    ['CIDRs allowed', someCidrs],
  ])('answers as checkUrl does for every hostile URL (%s), asked twice in any order', (_name, policy) => {
    const guard = createUrlGuard(policy);
    // Twice through, forwards then backwards: the second answers come from the memo.
    for (const url of [...HOSTILE, ...[...HOSTILE].reverse()]) {
      const parsed = new URL(url);
      const plain = checkUrl(parsed, policy);
      const memo = guard(parsed);
      expect(outcome(memo), url).toBe(outcome(plain));
      if (memo) expect(memo).toBeInstanceOf(BlockedError);
    }
  });

  it('never answers one scheme for another on the same host', () => {
    const guard = createUrlGuard(strict);
    expect(guard(new URL('https://www.kantei.go.jp/'))).toBeNull();
    expect(guard(new URL('ftp://www.kantei.go.jp/'))).toBeInstanceOf(BlockedError);
    expect(guard(new URL('http://www.kantei.go.jp/'))).toBeNull();
  });

  it('never answers one port for another on the same host', () => {
    // A check that depends on the port, to prove the port is part of what is remembered.
    const refusePort = (url: URL) => (url.port === '8080' ? 'port 8080 is refused here' : null);
    const guard = createUrlGuard(strict, { refusal: refusePort });
    expect(guard(new URL('http://www.kantei.go.jp/'))).toBeNull();
    expect(guard(new URL('http://www.kantei.go.jp:8080/'))?.message).toMatch(/port 8080 is refused/);
    expect(guard(new URL('http://www.kantei.go.jp:80/'))).toBeNull();
  });

  it('names the URL asked for in each refusal, not the one first remembered', () => {
    const guard = createUrlGuard(strict);
    expect(guard(new URL('http://127.0.0.1/a'))?.message).toMatch(/127\.0\.0\.1\/a: /);
    expect(guard(new URL('http://127.0.0.1/b'))?.message).toMatch(/127\.0\.0\.1\/b: /);
  });

  it('asks the plain check once per host, and again once it has been forgotten', () => {
    const asked: string[] = [];
    const counting = (url: URL) => {
      asked.push(url.hostname);
      return null;
    };
    const guard = createUrlGuard(strict, { refusal: counting, maxEntries: 2 });
    for (const host of ['a.jp', 'a.jp', 'b.jp', 'a.jp', 'c.jp', 'a.jp']) guard(new URL(`http://${host}/`));
    // c.jp pushed out a.jp, the oldest: the map never holds more than two hosts.
    expect(asked).toEqual(['a.jp', 'b.jp', 'c.jp', 'a.jp']);
  });
});
