import type { PageLang } from '../demo-spec.ts';

/** Fixed wording of the page chrome in each language. */
export interface Labels {
  skip: string;
  search: string;
  searchButton: string;
  textSize: string;
  home: string;
  sitemap: string;
  contact: string;
  footerLinks: readonly string[];
  counter: (count: string) => string;
  toc: string;
  relatedSites: string;
  phone: string;
  children: string;
  related: string;
  inquiries: string;
  updated: string;
  notFoundTitle: string;
  notFoundText: string;
}

const JA: Labels = {
  skip: '本文へスキップ',
  search: 'サイト内検索',
  searchButton: '検索',
  textSize: '文字サイズ',
  home: 'ホーム',
  sitemap: 'サイトマップ',
  contact: 'お問い合わせ',
  footerLinks: [
    'このサイトについて',
    '個人情報保護方針',
    'ウェブアクセシビリティ方針',
    'リンク・著作権について',
    'お問い合わせ',
  ],
  counter: (count) => `あなたは ${count} 人目の訪問者です`,
  toc: 'このページの目次',
  relatedSites: '関係機関リンク',
  phone: '電話：',
  children: 'このカテゴリのページ',
  related: '関連資料',
  inquiries: 'お問い合わせ先',
  updated: '最終更新日',
  notFoundTitle: 'お探しのページは見つかりませんでした',
  notFoundText:
    'ページが移動又は削除された可能性があります。お手数ですが、トップページ又はサイトマップからお探しください。',
};

const EN: Labels = {
  skip: 'Skip to main content',
  search: 'Search this site',
  searchButton: 'Search',
  textSize: 'Text size',
  home: 'Home',
  sitemap: 'Site map',
  contact: 'Contact',
  footerLinks: ['About this site', 'Privacy policy', 'Web accessibility', 'Links and copyright', 'Contact us'],
  counter: (count) => `You are visitor number ${count}`,
  toc: 'On this page',
  relatedSites: 'Related organizations',
  phone: 'Tel: ',
  children: 'Pages in this section',
  related: 'Related documents',
  inquiries: 'Inquiries',
  updated: 'Last updated',
  notFoundTitle: 'Page not found',
  notFoundText: 'The page may have been moved or deleted. Please look for it from the top page or the site map.',
};

export function labelsFor(lang: PageLang): Labels {
  return lang === 'ja' ? JA : EN;
}
