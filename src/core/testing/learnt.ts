import type { Baseline } from '../baseline.ts';
import { analysePage } from '../analyse.ts';
import { learn } from '../learn.ts';
import { ministryPage, PAGE_URL, type PageParts } from './fixtures.ts';

/** A baseline learnt from three benign versions of the ministry page with a churning news list. */
export function learntBaseline(parts: PageParts = {}): Baseline {
  const versions = [
    ['令和6年4月1日 民法の一部を改正する法律が施行されました', '令和6年3月15日 登記手続のご案内を更新しました'],
    [
      '令和6年4月8日 人権擁護週間のお知らせ',
      '令和6年4月1日 民法の一部を改正する法律が施行されました',
      '令和6年3月15日 登記手続のご案内を更新しました',
    ],
    [
      '令和6年4月15日 法制審議会の議事録を掲載しました',
      '令和6年4月8日 人権擁護週間のお知らせ',
      '令和6年4月1日 民法の一部を改正する法律が施行されました',
    ],
  ];
  let b: Baseline | null = null;
  for (const news of versions) b = learn(b, analysePage(ministryPage({ ...parts, news }), PAGE_URL));
  return b as Baseline;
}

export const NEXT_NEWS = [
  '令和6年4月22日 白書を公表しました',
  '令和6年4月15日 法制審議会の議事録を掲載しました',
  '令和6年4月8日 人権擁護週間のお知らせ',
];

export function judgeInput(parts: PageParts) {
  return analysePage(ministryPage({ news: NEXT_NEWS, ...parts }), PAGE_URL);
}
