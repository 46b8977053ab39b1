import { describe, expect, it } from 'vitest';
import { analysePage } from '../analyse.ts';
import { learn } from '../learn.ts';
import { ministryPage, PAGE_URL } from '../testing/fixtures.ts';
import { newBlocks } from './novelty.ts';

describe('newBlocks', () => {
  const before = learn(null, analysePage(ministryPage({ news: ['令和6年4月1日 お知らせ'] }), PAGE_URL));
  const model = analysePage(ministryPage({ news: ['新しい記事が追加されました', '令和6年4月1日 お知らせ'] }), PAGE_URL);

  it('finds the blocks neither seen nor shaped like ones seen, and answers a repeat question alike', () => {
    const first = newBlocks(model, before);
    expect(first.map((b) => b.text)).toEqual(['新しい記事が追加されました']);
    const again = newBlocks(model, before);
    expect(again).toEqual(first);
    // A copy each time: a caller that edits its answer cannot change the next one.
    again.pop();
    expect(newBlocks(model, before)).toHaveLength(1);
  });

  it('answers afresh for another baseline or when the model gains blocks', () => {
    expect(newBlocks(model, before)).toHaveLength(1);
    const after = learn(before, model);
    expect(newBlocks(model, after)).toEqual([]);
    const grown = {
      ...model,
      textBlocks: [...model.textBlocks, { ...model.textBlocks[0]!, text: 'x', hash: 'h', shapeHash: 's' }],
    };
    expect(newBlocks(grown, after).map((b) => b.text)).toEqual(['x']);
  });
});
