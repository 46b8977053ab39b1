import { describe, expect, it } from 'vitest';
import { credentialsProblem, httpUrlProblem, isIpOrCidr, originProblem, redactUrl } from './urls.ts';

describe('credentials in URLs', () => {
  const secret = 's3cr3t-pw';

  it('masks user information, valid URL or not, and leaves other URLs alone', () => {
    expect(redactUrl(`https://alice:${secret}@www.example.go.jp/a?b=c@d`)).toBe(
      'https://***@www.example.go.jp/a?b=c@d',
    );
    expect(redactUrl(`http://alice:${secret}@exa mple/`)).not.toContain(secret);
    expect(redactUrl('https://www.example.go.jp/mail@x')).toBe('https://www.example.go.jp/mail@x');
  });

  it('refuses a target URL with a user name or password, without repeating the password', () => {
    for (const url of [
      `https://alice:${secret}@www.example.go.jp/`,
      'https://alice@www.example.go.jp/',
      `https://:${secret}@www.example.go.jp/`,
    ]) {
      const problem = credentialsProblem(url);
      expect(problem, url).toMatch(/user name or password/);
      expect(problem).not.toContain(secret);
      expect(httpUrlProblem(url)).not.toContain(secret);
      expect(originProblem(url)).not.toBeNull();
    }
    expect(credentialsProblem('https://www.example.go.jp/a@b')).toBeNull();
    expect(httpUrlProblem('https://www.example.go.jp/')).toBeNull();
  });
});

describe('isIpOrCidr', () => {
  it('takes single addresses and ranges of both families, not names', () => {
    for (const ok of ['10.0.0.5', '10.0.0.0/8', '::1', 'fd00::/8']) expect(isIpOrCidr(ok), ok).toBe(true);
    for (const bad of ['proxy.internal', '10.0.0.0/33', '', '10.0.0']) expect(isIpOrCidr(bad), bad).toBe(false);
  });
});
