import { describe, expect, it } from 'vitest';
import { TICKS_PER_NEWS_ITEM, formatDate, newsCount } from './churn.ts';
import { createDemoEstate, renderDemoText } from './estate.ts';

const estate = createDemoEstate();

function text(siteKey: string, path: string, tick: number): string {
  return renderDemoText(estate, siteKey, path, { tick, incidents: {} })?.html ?? '';
}

/** Lines in one text but not the other, counted as multisets so moved lines don't count. */
function changedLines(a: string, b: string): string[] {
  const counts = new Map<string, number>();
  for (const line of a.split('\n')) counts.set(line, (counts.get(line) ?? 0) + 1);
  for (const line of b.split('\n')) counts.set(line, (counts.get(line) ?? 0) - 1);
  return [...counts].filter(([, n]) => n !== 0).map(([line]) => line);
}

const CHURN = [/name="csrf_token"/, /\?v=[0-9a-f]{10}/, /class="counter"/, /^<li><time datetime=/];

describe('benign churn', () => {
  it('changes only the token and asset hash between ticks on an ordinary page', () => {
    const changed = changedLines(
      text('moj', '/policies/civil/registration/', 4),
      text('moj', '/policies/civil/registration/', 5),
    );
    expect(changed.length).toBeGreaterThan(0);
    for (const line of changed)
      expect(
        [/name="csrf_token"/, /\?v=[0-9a-f]{10}/].some((re) => re.test(line)),
        line,
      ).toBe(true);
  });

  it('adds a dated news item every few ticks, and changes nothing else but the churn parts', () => {
    for (const [siteKey, path] of [
      ['soumu', '/'],
      ['soumu', '/news/'],
      ['courts', '/news/'],
      ['moj-yokohama', '/'],
    ] as const) {
      const before = text(siteKey, path, 0);
      const after = text(siteKey, path, TICKS_PER_NEWS_ITEM * 10);
      const changed = changedLines(before, after);
      for (const line of changed)
        expect(
          CHURN.some((re) => re.test(line)),
          `${siteKey}${path}: ${line}`,
        ).toBe(true);
      expect(
        changed.some((line) => line.startsWith('<li><time')),
        `${siteKey}${path} news changed`,
      ).toBe(true);
    }
    expect(newsCount(TICKS_PER_NEWS_ITEM)).toBe(newsCount(0) + 1);
  });

  it('moves the visitor counter on home pages every tick', () => {
    const counter = (tick: number): string | undefined =>
      /class="counter">([^<]+)</.exec(text('courts', '/', tick))?.[1];
    expect(counter(1)).not.toBe(counter(2));
    expect(counter(1)).toMatch(/^あなたは [\d,]+ 人目の訪問者です$/);
  });

  it('formats dates the way the pages show them', () => {
    expect(formatDate('2026-04-01', 'ja')).toBe('2026年4月1日');
    expect(formatDate('2026-04-01', 'en')).toBe('April 1, 2026');
  });
});
