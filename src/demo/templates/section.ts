import type { DemoPageSpec, DemoSiteSpec, PageLang } from '../demo-spec.ts';
import { escapeHtml, seededRandom } from '../seeded.ts';
import type { Random } from '../seeded.ts';
import { LAW_ARTICLE_SENTENCES, kanjiNumber } from '../text-pools.ts';
import { labelsFor } from './labels.ts';
import { fileList, paragraphs, sentences, slugOf } from './prose.ts';

export interface SectionContext {
  site: DemoSiteSpec;
  page: DemoPageSpec;
  lang: PageLang;
  /** Direct sub-pages, listed under the body. */
  children: readonly DemoPageSpec[];
}

/** A section or leaf page: lead, table of contents, one `<section>` per topic, sub-pages, documents, contact. */
export function renderSectionMain(context: SectionContext): string {
  const { site, page, lang } = context;
  const labels = labelsFor(lang);
  const random = seededRandom(`${site.key}${page.path}`);
  const toc = page.topics.map((topic, i) => `<li><a href="#sec-${i + 1}">${escapeHtml(topic)}</a></li>`).join('\n');
  const sections = page.topics.map((topic, i) => topicSection(random, lang, topic, i + 1)).join('\n');
  return `<main id="main" class="main-content">
<h1 class="page-title">${escapeHtml(page.title)}</h1>
<p class="lead">${escapeHtml(page.lead)}</p>
<div class="page-toc"><h2>${labels.toc}</h2>
<ol>
${toc}
</ol></div>
${sections}
${childList(context)}
<section class="related-files"><h2>${labels.related}</h2>
${fileList(random, lang, slugOf(page.path), page.title, 4)}
</section>
${summaryTable(page, lang)}
<div class="inquiry"><h2>${labels.inquiries}</h2><p>${escapeHtml(lang === 'ja' ? site.name : site.nameEn)}<br>${escapeHtml(site.phone)}</p></div>
<p class="last-updated">${labels.updated}: ${lang === 'ja' ? '2026年3月31日' : 'March 31, 2026'}</p>
</main>`;
}

function topicSection(random: Random, lang: PageLang, topic: string, number: number): string {
  const body = paragraphs(random, lang, 2 + Math.floor(random() * 2));
  const points = Array.from({ length: 3 }, () => `<li>${sentences(random, lang, 1)}</li>`).join('\n');
  return `<section id="sec-${number}">
<h2>${escapeHtml(topic)}</h2>
${body}
<ul class="point-list">
${points}
</ul>
</section>`;
}

function childList(context: SectionContext): string {
  if (context.children.length === 0) return '';
  const items = context.children.map(
    (child) => `<li><a href="${child.path}">${escapeHtml(child.title)}</a><p>${escapeHtml(child.lead)}</p></li>`,
  );
  return `<section class="child-pages"><h2>${labelsFor(context.lang).children}</h2>
<ul class="link-list">
${items.join('\n')}
</ul>
</section>`;
}

function summaryTable(page: DemoPageSpec, lang: PageLang): string {
  const head = lang === 'ja' ? ['区分', '窓口', '受付時間'] : ['Item', 'Office', 'Hours'];
  const hours = lang === 'ja' ? '平日 8時30分から17時15分' : 'Weekdays 8:30-17:15';
  const rows = page.topics.map(
    (topic, i) =>
      `<tr><th scope="row">${escapeHtml(topic)}</th><td>${lang === 'ja' ? `第${kanjiNumber(i + 1)}担当` : `Division ${i + 1}`}</td><td>${hours}</td></tr>`,
  );
  return `<table class="data-table">
<caption>${escapeHtml(page.title)}</caption>
<thead><tr>${head.map((cell) => `<th scope="col">${cell}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

/** A statutes page: the list of laws the body administers, then one law's text, article by article. */
export function renderStatutesMain(context: SectionContext): string {
  const { site, page } = context;
  const random = seededRandom(`${site.key}${page.path}`);
  const laws = page.topics.map(
    (law, i) =>
      `<li><a href="https://elaws.e-gov.example/document?lawid=${slugOf(page.path)}-${i + 1}">${escapeHtml(law)}</a></li>`,
  );
  const lawName = site.lawName ?? page.topics[0] ?? page.title;
  const articles = Array.from({ length: 16 }, (_, i) => article(random, i + 1)).join('\n');
  return `<main id="main" class="main-content">
<h1 class="page-title">${escapeHtml(page.title)}</h1>
<p class="lead">${escapeHtml(page.lead)}</p>
<h2>${escapeHtml(page.title)}一覧</h2>
<ul class="law-list">
${laws.join('\n')}
</ul>
<h2>${escapeHtml(lawName)}（抄）</h2>
<div class="law-text">
${articles}
</div>
<p class="last-updated">最終更新日: 2026年3月31日</p>
</main>`;
}

/** Statutes indent an article's text from its number with a full-width space. */
const IDEOGRAPHIC_SPACE = '\u3000';

const ARTICLE_CAPTIONS = [
  '目的',
  '定義',
  '申請の方法',
  '資料の提出',
  '手続の細目',
  '秘密の保持',
  '国の責務',
  '適用除外',
  '報告の徴収',
  '罰則',
  '地方公共団体の責務',
  '委任',
];

function article(random: Random, number: number): string {
  const first = LAW_ARTICLE_SENTENCES[(number * 7 + Math.floor(random() * 3)) % LAW_ARTICLE_SENTENCES.length] ?? '';
  const paragraphCount = 1 + Math.floor(random() * 3);
  const rest = Array.from({ length: paragraphCount - 1 }, (_, i) => {
    const text = LAW_ARTICLE_SENTENCES[Math.floor(random() * LAW_ARTICLE_SENTENCES.length)] ?? '';
    return `<p class="law-paragraph"><span class="paragraph-num">${String.fromCharCode(0xff10 + i + 2)}</span>${IDEOGRAPHIC_SPACE}${escapeHtml(text)}</p>`;
  });
  return `<div class="article" id="a${number}">
<p class="article-caption">（${ARTICLE_CAPTIONS[(number - 1) % ARTICLE_CAPTIONS.length] ?? ''}）</p>
<p class="law-paragraph"><span class="article-num">第${kanjiNumber(number)}条</span>${IDEOGRAPHIC_SPACE}${escapeHtml(first)}</p>
${rest.join('\n')}
</div>`;
}
