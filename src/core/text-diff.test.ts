import { describe, expect, it } from 'vitest';
import { analysePage } from './analyse.ts';
import { diffTextBlocks } from './text-diff.ts';

const URL = 'https://www.moj.example.go.jp/news/';
const page = (items: string[], extra = '') =>
  analysePage(
    `<html><body><h1>お知らせ</h1><ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>${extra}<p>法務省</p></body></html>`,
    URL,
  );

describe('diffTextBlocks', () => {
  it('aligns the versions and marks what was added and removed', () => {
    const before = page(['白書を公表しました', '議事録を掲載しました']);
    const after = page(
      ['白書を公表しました', '人権週間のお知らせ'],
      '<div style="display:none"><a href="https://casino.example/">casino bonus</a></div>',
    );
    const diff = diffTextBlocks(before.textBlocks, after.textBlocks, [
      {
        code: 'hidden-external-link',
        severity: 'high',
        message: 'hidden link',
        evidence: { selector: 'body>div', snippet: 'casino bonus', url: 'https://casino.example/' },
      },
      { code: 'visual-change', severity: 'info', message: 'no element' },
    ]);
    expect(diff.blocks.map((l) => [l.op, l.text])).toEqual([
      ['same', 'お知らせ'],
      ['same', '白書を公表しました'],
      ['removed', '議事録を掲載しました'],
      ['added', '人権週間のお知らせ'],
      ['added', 'casino bonus'],
      ['same', '法務省'],
    ]);
    expect(diff.blocks.find((l) => l.text === 'casino bonus')?.hidden).toMatch(/display:none/);
    expect(diff).toMatchObject({ added: 2, removed: 1 });
    expect(diff.inserted).toEqual([
      {
        code: 'hidden-external-link',
        severity: 'high',
        message: 'hidden link',
        selector: 'body>div',
        snippet: 'casino bonus',
        url: 'https://casino.example/',
      },
    ]);
  });

  it('shows every block as added without a baseline version', () => {
    const diff = diffTextBlocks(null, page(['a']).textBlocks, []);
    expect(diff.blocks.every((l) => l.op === 'added')).toBe(true);
    expect(diff.removed).toBe(0);
  });
});
