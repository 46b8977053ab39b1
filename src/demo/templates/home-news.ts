import { NEWS_LISTING_SIZE, formatDate, latestNews } from '../churn.ts';
import type { NewsItem } from '../churn.ts';
import type { DemoPageSpec, DemoSiteSpec } from '../demo-spec.ts';
import { escapeHtml, seededRandom } from '../seeded.ts';
import { fileList, paragraphs } from './prose.ts';

/** Banner links on home pages: outbound links that are part of the baseline. */
const BANNERS: ReadonlyArray<{ label: string; href: string }> = [
  { label: '政府広報オンライン', href: 'https://www.gov-online.example/' },
  { label: 'e-Govパブリック・コメント', href: 'https://public-comment.e-gov.example/' },
  { label: 'マイナポータル', href: 'https://myna.example/' },
  { label: '災害・防災情報', href: 'https://www.bousai.example/' },
];

function newsEntry(item: NewsItem): string {
  return `<li><time datetime="${item.date}">${formatDate(item.date, 'ja')}</time><span class="news-category">${escapeHtml(item.category)}</span><a href="${item.path}">${escapeHtml(item.title)}</a></li>`;
}

export function renderHomeMain(site: DemoSiteSpec, page: DemoPageSpec, tick: number): string {
  const random = seededRandom(`${site.key}/home`);
  const sections = site.pages.filter(
    (p) => p.path !== '/' && p.kind !== 'news' && p.lang !== 'en' && p.path.split('/').length === 3,
  );
  const cards = sections.map(
    (p) =>
      `<div class="card"><h3><a href="${p.path}">${escapeHtml(p.title)}</a></h3><p>${escapeHtml(p.lead)}</p></div>`,
  );
  const banners = BANNERS.map(
    (b) =>
      `<li><a href="${b.href}" target="_blank" rel="noopener"><img src="/assets/banner-${BANNERS.indexOf(b) + 1}.png" alt="${escapeHtml(b.label)}" width="200" height="60"></a></li>`,
  );
  const [important, news, work, about] = page.topics;
  return `<main id="main" class="main-content home">
<h1 class="visually-hidden">${escapeHtml(site.name)}</h1>
<div class="hero"><p class="hero-text">${escapeHtml(page.lead)}</p></div>
<section class="important-notice"><h2>${escapeHtml(important ?? '')}</h2>
<ul>
<li><a href="/news/">年末年始の窓口業務について</a></li>
<li><a href="/news/">当ウェブサイトを装った偽サイトにご注意ください</a></li>
</ul></section>
<section class="latest-news"><h2>${escapeHtml(news ?? '')}</h2>
<ul class="news-list news-list-home">
${latestNews(site, tick, 5).map(newsEntry).join('\n')}
</ul>
<p class="more"><a href="/news/">一覧を見る</a></p>
</section>
<section class="topics"><h2>${escapeHtml(work ?? '')}</h2>
<div class="cards">
${cards.join('\n')}
</div></section>
<section class="about"><h2>${escapeHtml(about ?? '')}</h2>
${paragraphs(random, 'ja', 3)}
</section>
<section class="banners"><h2>関連リンク</h2>
<ul class="banner-list">
${banners.join('\n')}
</ul></section>
</main>`;
}

export function renderNewsMain(site: DemoSiteSpec, page: DemoPageSpec, tick: number): string {
  const items = latestNews(site, tick, NEWS_LISTING_SIZE);
  const pages = [1, 2, 3, 4, 5].map((n) =>
    n === 1 ? '<li aria-current="page">1</li>' : `<li><a href="?page=${n}">${n}</a></li>`,
  );
  return `<main id="main" class="main-content">
<h1 class="page-title">${escapeHtml(page.title)}</h1>
<p class="lead">${escapeHtml(page.lead)}</p>
<div class="news-filter"><ul>
<li><a href="?year=2026">2026年</a></li>
<li><a href="?year=2025">2025年</a></li>
<li><a href="?year=2024">2024年</a></li>
</ul></div>
<ul class="news-list">
${items.map(newsEntry).join('\n')}
</ul>
<nav class="pager" aria-label="pager"><ul>
${pages.join('\n')}
<li><a href="?page=2">次へ</a></li>
</ul></nav>
<p class="rss"><a href="/news/rss.xml">RSS</a></p>
</main>`;
}

export function renderNewsItemMain(site: DemoSiteSpec, item: NewsItem): string {
  const random = seededRandom(`${site.key}${item.path}`);
  return `<main id="main" class="main-content">
<h1 class="page-title">${escapeHtml(item.title)}</h1>
<p class="news-date"><time datetime="${item.date}">${formatDate(item.date, 'ja')}</time> <span class="news-category">${escapeHtml(item.category)}</span></p>
${paragraphs(random, 'ja', 4)}
<h2>資料</h2>
${fileList(random, 'ja', `news-${item.index}`, item.title, 2)}
<p class="back"><a href="/news/">一覧に戻る</a></p>
</main>`;
}
