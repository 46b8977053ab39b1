import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { BlockedError } from './errors.ts';
import { parseCidr } from './ip-address.ts';
import { assertValidPolicy, checkAddress, checkUrl, classifyIp, createGuardedLookup } from './ssrf-guard.ts';
import type { NetworkPolicy } from './types.ts';

const strict: NetworkPolicy = { allowLoopback: false, allowPrivate: false, allowCidrs: [] };
const open: NetworkPolicy = { allowLoopback: true, allowPrivate: true, allowCidrs: ['0.0.0.0/0', '::/0'] };

describe('classifyIp', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['133.1.2.3', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.10.1', 'private'],
    ['100.64.0.1', 'private'],
    ['100.127.255.255', 'private'],
    ['100.128.0.1', 'public'],
    ['169.254.169.254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['169.254.1.1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fd00:ec2::254', 'metadata'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2001:0:4136:e378::1', 'reserved'],
    ['2404:6800:4004:80a::200e', 'public'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['64:ff9b::808:808', 'public'],
    ['2002:7f00:1::', 'loopback'],
    ['[::1]', 'loopback'],
    ['fe80::1%eth0', 'link-local'],
    ['4000::1', 'reserved'],
  ])('%s is %s', (ip, expected) => {
    expect(classifyIp(ip)).toBe(expected);
  });

  it('returns null for host names', () => {
    expect(classifyIp('example.go.jp')).toBeNull();
    expect(classifyIp('1.2.3')).toBeNull();
  });
});

describe('checkAddress', () => {
  it('always refuses link-local, metadata, unspecified and multicast, whatever the policy', () => {
    for (const ip of [
      '169.254.169.254',
      '169.254.0.5',
      'fe80::1',
      '0.0.0.0',
      '::',
      '224.0.0.1',
      'ff02::1',
      'fd00:ec2::254',
      '::ffff:169.254.169.254',
    ]) {
      const verdict = checkAddress(ip, open);
      expect(verdict.allowed, ip).toBe(false);
    }
    const metadata = checkAddress('169.254.169.254', open);
    expect(metadata.allowed === false && metadata.message).toMatch(/metadata/);
  });

  it('allows loopback only with allowLoopback', () => {
    expect(checkAddress('127.0.0.1', strict).allowed).toBe(false);
    expect(checkAddress('::1', strict).allowed).toBe(false);
    expect(checkAddress('::ffff:127.0.0.1', strict).allowed).toBe(false);
    expect(checkAddress('127.0.0.1', { ...strict, allowLoopback: true }).allowed).toBe(true);
    // allowPrivate and allowCidrs do not open loopback.
    expect(checkAddress('127.0.0.1', { ...strict, allowPrivate: true, allowCidrs: ['127.0.0.0/8'] }).allowed).toBe(
      false,
    );
  });

  it('allows private ranges only with allowPrivate or a matching allowCidrs entry', () => {
    expect(checkAddress('10.0.0.1', strict)).toMatchObject({ allowed: false, ipClass: 'private' });
    expect(checkAddress('10.0.0.1', { ...strict, allowPrivate: true }).allowed).toBe(true);
    expect(checkAddress('10.20.0.1', { ...strict, allowCidrs: ['10.20.0.0/16'] }).allowed).toBe(true);
    expect(checkAddress('10.21.0.1', { ...strict, allowCidrs: ['10.20.0.0/16'] }).allowed).toBe(false);
    expect(checkAddress('::ffff:10.20.0.1', { ...strict, allowCidrs: ['10.20.0.0/16'] }).allowed).toBe(true);
    expect(checkAddress('fd00::5', { ...strict, allowCidrs: ['fd00::/8'] }).allowed).toBe(true);
  });

  it('refuses reserved ranges unless listed in allowCidrs (allowPrivate is not enough)', () => {
    expect(checkAddress('198.18.0.1', { ...strict, allowPrivate: true }).allowed).toBe(false);
    expect(checkAddress('198.18.0.1', { ...strict, allowCidrs: ['198.18.0.0/15'] }).allowed).toBe(true);
  });

  it('allows public addresses and explains refusals', () => {
    expect(checkAddress('8.8.8.8', strict)).toEqual({ allowed: true, ipClass: 'public' });
    const verdict = checkAddress('192.168.1.1', strict);
    expect(verdict.allowed === false && verdict.message).toMatch(
      /192\.168\.1\.1 is a private address; allow it with network.allowPrivate/,
    );
  });
});

describe('checkUrl', () => {
  it('refuses non-http schemes', () => {
    for (const url of [
      'file:///etc/passwd',
      'ftp://example.jp/',
      'gopher://x/',
      'javascript:alert(1)',
      'data:text/html,hi',
    ]) {
      const refusal = checkUrl(new URL(url), open);
      expect(refusal, url).toBeInstanceOf(BlockedError);
      expect(refusal?.outcome).toBe('blocked');
      expect(refusal?.action).toBe('misconfigured');
    }
  });

  it('vets literal IP hosts, including the odd spellings WHATWG URL normalises', () => {
    expect(checkUrl(new URL('http://169.254.169.254/latest/meta-data/'), open)).toBeInstanceOf(BlockedError);
    expect(checkUrl(new URL('http://[::ffff:a9fe:a9fe]/'), open)).toBeInstanceOf(BlockedError);
    expect(checkUrl(new URL('http://2130706433/'), strict)?.message).toMatch(/127\.0\.0\.1 is a loopback/);
    expect(checkUrl(new URL('http://0x7f.1/'), strict)).toBeInstanceOf(BlockedError);
    expect(checkUrl(new URL('http://[::1]:8080/'), strict)).toBeInstanceOf(BlockedError);
    expect(checkUrl(new URL('http://[::1]:8080/'), { ...strict, allowLoopback: true })).toBeNull();
    expect(checkUrl(new URL('https://www.kantei.go.jp/'), strict)).toBeNull();
  });
});

describe('createGuardedLookup', () => {
  const fakeDns =
    (addresses: LookupAddress[]) =>
    (_host: string, _options: unknown, callback: (e: NodeJS.ErrnoException | null, a: LookupAddress[]) => void) =>
      callback(null, addresses);

  const run = (addresses: LookupAddress[], all: boolean, policy = strict) =>
    new Promise<{ error: Error | null; result: unknown; family?: number }>((resolve) => {
      const lookup = createGuardedLookup(policy, fakeDns(addresses));
      lookup('rebind.example', { all }, (error, result, family) => resolve({ error, result, family }));
    });

  it('refuses a name that resolves only to internal addresses (DNS rebinding)', async () => {
    const { error } = await run([{ address: '169.254.169.254', family: 4 }], false, open);
    expect(error).toBeInstanceOf(BlockedError);
    expect(error?.message).toMatch(
      /rebind\.example resolves only to refused addresses: 169\.254\.169\.254 is a cloud metadata/,
    );
  });

  it('drops refused addresses and connects to the allowed ones', async () => {
    const mixed = [
      { address: '127.0.0.1', family: 4 },
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1::1', family: 6 },
    ];
    expect(await run(mixed, false)).toMatchObject({ error: null, result: '93.184.216.34', family: 4 });
    expect(await run(mixed, true)).toMatchObject({ error: null, result: mixed.slice(1) });
  });

  it('passes DNS errors through untouched', async () => {
    const failing = (
      _h: string,
      _o: unknown,
      callback: (e: NodeJS.ErrnoException | null, a: LookupAddress[]) => void,
    ) => callback(Object.assign(new Error('getaddrinfo ENOTFOUND x.invalid'), { code: 'ENOTFOUND' }), []);
    const error = await new Promise<Error | null>((resolve) =>
      createGuardedLookup(strict, failing)('x.invalid', {}, (e) => resolve(e)),
    );
    expect((error as NodeJS.ErrnoException).code).toBe('ENOTFOUND');
  });
});

describe('policy validation', () => {
  it('rejects malformed allowCidrs entries with the entry named', () => {
    expect(() => assertValidPolicy({ ...strict, allowCidrs: ['10.0.0.0/33'] })).toThrow(/10\.0\.0\.0\/33/);
    expect(() => assertValidPolicy({ ...strict, allowCidrs: ['intranet'] })).toThrow(/intranet/);
    expect(() => assertValidPolicy({ ...strict, allowCidrs: ['10.0.0.0/8', 'fd00::/8', '192.0.2.7'] })).not.toThrow();
  });

  it('parses CIDRs with IPv4 tails and compressed IPv6', () => {
    expect(parseCidr('::ffff:10.0.0.0/104')).toMatchObject({ version: 6, prefix: 104 });
    expect(Array.from(parseCidr('1:2::3').bytes)).toEqual([0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3]);
    expect(Array.from(parseCidr('::1.2.3.4').bytes.slice(12))).toEqual([1, 2, 3, 4]);
  });
});
