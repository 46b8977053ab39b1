import { describe, expect, it } from 'vitest';
import { detectOffsiteRedirect } from './availability.ts';

describe('detectOffsiteRedirect', () => {
  it('says nothing when the check ends at the URL it asked for', () => {
    expect(detectOffsiteRedirect('https://www.example.go.jp/news/', 'https://www.example.go.jp/news/')).toBeNull();
    expect(detectOffsiteRedirect('not a url', 'not a url')).toBeNull();
  });

  it('treats www. and a scheme upgrade as the same site', () => {
    expect(detectOffsiteRedirect('http://example.go.jp/a', 'https://www.example.go.jp/b')).toBeNull();
    expect(detectOffsiteRedirect('https://example.go.jp/', 'https://example.go.jp:8443/')).toBeNull();
  });

  it('names the other site a redirect ends on', () => {
    const reason = detectOffsiteRedirect('https://www.example.go.jp/', 'https://parked.example.net/landing');
    expect(reason?.code).toBe('redirect-offsite');
    expect(reason?.message).toContain('parked.example.net');
    expect(reason?.evidence).toEqual({ url: 'https://parked.example.net/landing' });
  });

  it('says nothing when either end has no host', () => {
    expect(detectOffsiteRedirect('https://www.example.go.jp/', 'not a url')).toBeNull();
  });
});
