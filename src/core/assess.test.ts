import { describe, expect, it } from 'vitest';
import { assess } from './assess.ts';
import { ministryPage, PAGE_URL } from './testing/fixtures.ts';
import { learntBaseline, NEXT_NEWS } from './testing/learnt.ts';

const opts = { minSamples: 3 };

describe('assess', () => {
  it('turns a fetch failure into a down verdict that keeps the baseline', () => {
    const a = assess(
      { kind: 'failure', outcome: 'http-5xx', message: 'HTTP 503 Service Unavailable' },
      { baseline: learntBaseline(), previous: null },
      opts,
    );
    expect(a).toMatchObject({ outcome: 'http-5xx', verdict: { kind: 'down' }, baseline: undefined });
    expect(a.verdict.reasons[0]).toMatchObject({ code: 'http-5xx', message: 'HTTP 503 Service Unavailable' });
  });

  it('calls a redirect to another site tampered', () => {
    const a = assess(
      {
        kind: 'page',
        requestedUrl: PAGE_URL,
        finalUrl: 'https://spam.example/',
        html: '<p>x</p>',
        sameBodyAsLast: false,
      },
      { baseline: learntBaseline(), previous: null },
      opts,
    );
    expect(a.outcome).toBe('redirect-offsite');
    expect(a.verdict.kind).toBe('tampered');
  });

  it('does not parse an unchanged body, and keeps a standing alarm standing', () => {
    const previous = {
      kind: 'tampered' as const,
      reasons: [{ code: 'hidden-external-link', severity: 'high' as const, message: 'm' }],
    };
    const a = assess(
      { kind: 'page', requestedUrl: PAGE_URL, finalUrl: PAGE_URL, html: '', sameBodyAsLast: true },
      { baseline: learntBaseline(), previous },
      opts,
    );
    expect(a.verdict).toBe(previous);
    expect(a.model).toBeNull();
    const b = assess(
      { kind: 'page', requestedUrl: PAGE_URL, finalUrl: PAGE_URL, html: '', sameBodyAsLast: true },
      { baseline: learntBaseline(), previous: { kind: 'changed', reasons: [] } },
      opts,
    );
    expect(b.verdict.kind).toBe('unchanged');
    expect(b.baseline).toBeUndefined();
  });

  it('counts identical bodies towards learning until the baseline has enough samples', () => {
    const first = assess(
      { kind: 'page', requestedUrl: PAGE_URL, finalUrl: PAGE_URL, html: ministryPage(), sameBodyAsLast: false },
      { baseline: null, previous: null },
      opts,
    );
    expect(first.baseline?.samples).toBe(1);
    const second = assess(
      { kind: 'page', requestedUrl: PAGE_URL, finalUrl: PAGE_URL, html: '', sameBodyAsLast: true },
      { baseline: first.baseline ?? null, previous: first.verdict },
      opts,
    );
    expect(second.baseline?.samples).toBe(2);
  });

  it('analyses a changed body and learns benign churn', () => {
    const a = assess(
      {
        kind: 'page',
        requestedUrl: PAGE_URL,
        finalUrl: PAGE_URL,
        html: ministryPage({ news: NEXT_NEWS }),
        sameBodyAsLast: false,
      },
      { baseline: learntBaseline(), previous: null },
      opts,
    );
    expect(a.verdict.kind).toBe('changed');
    expect(a.baseline?.samples).toBe(4);
    expect(a.model?.title).toBe('法務省：新着情報');
  });
});
