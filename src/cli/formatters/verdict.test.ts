import { describe, expect, it } from 'vitest';
import { formatCheckReport } from './verdict.ts';

describe('formatCheckReport', () => {
  it('puts the verdict first and lists each reason with its evidence', () => {
    const text = formatCheckReport({
      url: 'https://a.example/news/',
      finalUrl: 'https://a.example/news/',
      outcome: 'ok',
      httpStatus: 200,
      durationMs: 42,
      bodyBytes: 20_480,
      charset: 'shift_jis',
      baselineSamples: 5,
      verdict: {
        kind: 'tampered',
        reasons: [
          {
            code: 'hidden-external-link',
            severity: 'high',
            message: 'A new link was hidden.',
            evidence: { selector: 'body>ul>li', url: 'https://spam.example/', snippet: '<a>x</a>' },
          },
        ],
      },
    });
    expect(text.split('\n')).toEqual([
      'TAMPERED  https://a.example/news/',
      '  outcome ok, HTTP 200, 42 ms, 20.0 KB, shift_jis',
      '  compared with a baseline of 5 observations',
      '  - [high] A new link was hidden. (hidden-external-link)',
      '      at body>ul>li',
      '      url https://spam.example/',
      '      "<a>x</a>"',
    ]);
  });

  it('says when there was no baseline and shows a redirect target', () => {
    const text = formatCheckReport({
      url: 'http://a.example/',
      finalUrl: 'https://b.example/',
      outcome: 'redirect-offsite',
      httpStatus: 200,
      durationMs: 1,
      bodyBytes: null,
      charset: null,
      baselineSamples: 0,
      verdict: { kind: 'down', reasons: [] },
    });
    expect(text).toContain('final URL https://b.example/');
    expect(text).toContain('no stored baseline');
  });

  it('labels a failed check as the dashboard colours it: a 404 is degraded, a timeout down', () => {
    const failed = (outcome: 'http-4xx' | 'timeout' | 'blocked') =>
      formatCheckReport({
        url: 'https://a.example/x',
        finalUrl: null,
        outcome,
        httpStatus: outcome === 'http-4xx' ? 404 : null,
        durationMs: 1,
        bodyBytes: null,
        charset: null,
        baselineSamples: 3,
        verdict: { kind: 'down', reasons: [] },
      }).split('\n')[0];
    expect(failed('http-4xx')).toMatch(/^DEGRADED/);
    expect(failed('timeout')).toMatch(/^DOWN/);
    expect(failed('blocked')).toMatch(/^UNKNOWN: refused by Mamori's own network policy/);
  });
});
