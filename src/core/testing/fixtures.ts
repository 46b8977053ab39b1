/** Small hand-written pages for core tests: a Japanese ministry page with a news listing. */

export interface PageParts {
  title?: string;
  news?: string[];
  head?: string;
  main?: string;
  listExtra?: string;
  bodyEnd?: string;
}

export const PAGE_URL = 'https://www.moj.example.go.jp/news/index.html';

export function ministryPage(parts: PageParts = {}): string {
  const news = parts.news ?? [
    '令和6年4月1日 民法の一部を改正する法律が施行されました',
    '令和6年3月15日 登記手続のご案内を更新しました',
  ];
  return `<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>${parts.title ?? '法務省：新着情報'}</title>
<link rel="stylesheet" href="/css/site.css">${parts.head ?? ''}
<script src="/js/menu.js"></script>
<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script>
</head><body>
<header id="header"><div class="logo"><a href="/"><img src="/img/logo.png" alt="法務省"></a></div>
<nav id="gnav"><ul><li><a href="/about/">法務省について</a></li><li><a href="/policy/">政策・審議会等</a></li><li><a href="/laws/">法令・訓令</a></li></ul></nav></header>
<div id="main"><h1>新着情報</h1>
<p class="lead">法務省からのお知らせを掲載しています。各ページの内容は担当部局にお問い合わせください。</p>
${parts.main ?? ''}
<ul class="news">${news.map((n, i) => `<li><a href="/news/${i}.html">${n}</a></li>`).join('')}${parts.listExtra ?? ''}</ul>
<table class="links"><tr><td><a href="https://www.e-gov.go.jp/">電子政府の総合窓口</a></td><td><a href="/contact/">お問い合わせ</a></td></tr></table>
<form action="/search" method="get"><input type="text" name="q"><button>検索</button></form>
</div>
<footer id="footer"><p>〒100-8977 東京都千代田区霞が関1-1-1 電話番号 03-3580-4111（代表）</p><p>Copyright © Ministry of Justice. All Rights Reserved.</p></footer>
${parts.bodyEnd ?? ''}</body></html>`;
}
