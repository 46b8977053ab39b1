import { describe, expect, it } from 'vitest';
import { dashboardAddress, demoDashboardHint, formatServeBanner } from './serve.ts';

describe('formatServeBanner', () => {
  it('names the dashboard and gives a first start its one-time password on a plain line', () => {
    const lines = formatServeBanner({
      url: 'http://127.0.0.1:8080',
      pages: 0,
      database: 'sqlite',
      firstAdmin: { username: 'admin', password: 'brisk-otter-42' },
    });
    expect(lines).toContain('Dashboard: http://127.0.0.1:8080/');
    expect(lines.some((l) => l.includes('"admin"') && l.includes('one-time password brisk-otter-42'))).toBe(true);
    expect(lines.at(-1)).toContain('The estate is empty');
  });

  it('says nothing of a password after the first start, and prefers the public address', () => {
    const lines = formatServeBanner({
      url: 'http://0.0.0.0:8080',
      publicUrl: 'https://mamori.example.go.jp',
      pages: 3,
      database: 'postgres',
      firstAdmin: null,
    });
    expect(lines[1]).toBe('Dashboard: https://mamori.example.go.jp/');
    expect(lines.join('\n')).not.toContain('password');
    expect(dashboardAddress('http://127.0.0.1:1/')).toBe('http://127.0.0.1:1/');
  });

  it("ends the demo on the dashboard's address, not an API address", () => {
    const hint = demoDashboardHint('http://127.0.0.1:8080', 'demo-pw');
    expect(hint).toMatch(/^Open the dashboard: http:\/\/127\.0\.0\.1:8080\/ /);
    expect(hint).not.toContain('/api/');
  });
});
