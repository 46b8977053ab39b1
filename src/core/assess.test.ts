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

  describe('soft 404 hysteresis', () => {
    const notFound =
      '<html><head><title>404 Not Found</title></head><body><h1>ページが見つかりません</h1></body></html>';
    const page = (html: string) =>
      ({ kind: 'page', requestedUrl: PAGE_URL, finalUrl: PAGE_URL, html, sameBodyAsLast: false }) as const;

    it('calls a healthy page degraded only after two "not found" answers in a row', () => {
      const first = assess(
        page(notFound),
        { baseline: learntBaseline(), previous: { kind: 'unchanged', reasons: [] } },
        opts,
      );
      expect(first.verdict.kind).toBe('unchanged');
      expect(first.verdict.reasons.map((r) => r.code)).toEqual(['soft-404-unconfirmed']);
      expect(first.baseline?.soft404Streak).toBe(1);
      const second = assess(page(notFound), { baseline: first.baseline!, previous: first.verdict }, opts);
      expect([second.verdict.kind, second.outcome]).toEqual(['down', 'soft-404']);
    });

    it('does not flap when the page says "not found" every other check', () => {
      let baseline = learntBaseline();
      let previous = { kind: 'unchanged' as const, reasons: [] as never[] } as Parameters<typeof assess>[1]['previous'];
      const kinds: string[] = [];
      for (const html of [notFound, ministryPage({ news: NEXT_NEWS }), notFound, ministryPage({ news: NEXT_NEWS })]) {
        const a = assess(page(html), { baseline, previous }, opts);
        kinds.push(a.verdict.kind);
        if (a.baseline) baseline = a.baseline;
        previous = a.verdict;
      }
      expect(kinds.every((k) => k === 'unchanged' || k === 'changed')).toBe(true);
    });
  });
});
