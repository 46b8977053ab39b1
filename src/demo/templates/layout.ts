import { assetVersion, formToken, visitorCount } from '../churn.ts';
import { charsetDeclaration, charsetLabel } from '../demo-spec.ts';
import type { DemoSiteSpec, NavItem, PageLang } from '../demo-spec.ts';
import type { PageCharset } from '../legacy-encoding.ts';
import { escapeHtml } from '../seeded.ts';
import { labelsFor } from './labels.ts';

/** Everything around `<main>`: head, header with search form, global navigation, breadcrumbs and footer. */
export interface PageFrame {
  site: DemoSiteSpec;
  path: string;
  title: string;
  lang: PageLang;
  charset: PageCharset;
  description: string;
  tick: number;
  /** Ancestors of the page, top first, not including the page itself. */
  breadcrumbs: readonly NavItem[];
  showCounter: boolean;
  main: string;
}

/** Benign outbound links every page carries, so an external link by itself is nothing new. */
const RELATED_SITES: readonly NavItem[] = [
  { label: 'e-Gov ポータル', path: 'https://www.e-gov.example/' },
  { label: '首相官邸', path: 'https://www.kantei.example/' },
  { label: 'デジタル庁', path: 'https://www.digital.example/' },
  { label: '政府広報オンライン', path: 'https://www.gov-online.example/' },
];

export function renderFrame(frame: PageFrame): string {
  const siteName = frame.lang === 'ja' ? frame.site.name : frame.site.nameEn;
  const fullTitle = frame.path === '/' ? siteName : `${frame.title} | ${siteName}`;
  return [
    '<!DOCTYPE html>',
    `<html lang="${frame.lang}">`,
    renderHead(frame, fullTitle),
    '<body>',
    `<a class="skip-link" href="#main">${labelsFor(frame.lang).skip}</a>`,
    renderHeader(frame, siteName),
    renderGlobalNav(frame),
    renderBreadcrumbs(frame),
    '<div class="container">',
    frame.main,
    '</div>',
    renderFooter(frame, siteName),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function renderHead(frame: PageFrame, fullTitle: string): string {
  const version = assetVersion(frame.site.key, frame.tick);
  const meta =
    charsetDeclaration(frame.charset) === 'header' ? [] : [`<meta charset="${charsetLabel(frame.charset)}">`];
  return [
    '<head>',
    ...meta,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(fullTitle)}</title>`,
    `<meta name="description" content="${escapeHtml(frame.description)}">`,
    `<meta property="og:title" content="${escapeHtml(fullTitle)}">`,
    `<meta property="og:site_name" content="${escapeHtml(frame.site.name)}">`,
    `<link rel="stylesheet" href="/assets/site.css?v=${version}">`,
    `<link rel="icon" href="/assets/favicon.svg?v=${version}">`,
    `<script src="/assets/site.js?v=${version}" defer></script>`,
    '</head>',
  ].join('\n');
}

function renderHeader(frame: PageFrame, siteName: string): string {
  const labels = labelsFor(frame.lang);
  const token = formToken(frame.site.key, frame.path, frame.tick);
  return `<header class="site-header" role="banner">
<div class="header-inner">
<p class="site-logo"><a href="/"><img src="/assets/logo.svg" alt="" width="48" height="48"><span class="site-name">${escapeHtml(siteName)}</span><span class="site-name-en">${escapeHtml(frame.site.nameEn)}</span></a></p>
<ul class="header-utility">
<li><a href="/sitemap.xml">${labels.sitemap}</a></li>
<li><a href="#footer-contact">${labels.contact}</a></li>
<li class="text-size">${labels.textSize} <button type="button" data-size="normal">A</button><button type="button" data-size="large">A+</button></li>
</ul>
<form class="site-search" action="/search/" method="post" role="search">
<input type="hidden" name="csrf_token" value="${token}">
<label for="q">${labels.search}</label>
<input type="search" id="q" name="q" size="24">
<button type="submit">${labels.searchButton}</button>
</form>
</div>
</header>`;
}

function renderGlobalNav(frame: PageFrame): string {
  const items =
    frame.lang === 'ja'
      ? frame.site.nav
      : [
          { label: '日本語', path: '/' },
          { label: 'English Top', path: frame.path },
        ];
  const links = items.map((item) => {
    const current = item.path === frame.path ? ' aria-current="page"' : '';
    return `<li><a href="${item.path}"${current}>${escapeHtml(item.label)}</a></li>`;
  });
  return `<nav class="global-nav" aria-label="global">\n<ul>\n${links.join('\n')}\n</ul>\n</nav>`;
}

function renderBreadcrumbs(frame: PageFrame): string {
  if (frame.path === '/') return '';
  const crumbs = frame.breadcrumbs.map((crumb) => `<li><a href="${crumb.path}">${escapeHtml(crumb.label)}</a></li>`);
  crumbs.push(`<li aria-current="page">${escapeHtml(frame.title)}</li>`);
  return `<nav class="breadcrumb" aria-label="breadcrumb">\n<ol>\n${crumbs.join('\n')}\n</ol>\n</nav>`;
}

function renderFooter(frame: PageFrame, siteName: string): string {
  const labels = labelsFor(frame.lang);
  const pages = frame.site.pages.map((page) => `<li><a href="${page.path}">${escapeHtml(page.title)}</a></li>`);
  const related = RELATED_SITES.map(
    (link) => `<li><a href="${link.path}" target="_blank" rel="noopener">${escapeHtml(link.label)}</a></li>`,
  );
  const policies = labels.footerLinks.map((label, i) => `<li><a href="/about/policy-${i + 1}.html">${label}</a></li>`);
  const counter = frame.showCounter
    ? `<p class="counter">${labels.counter(visitorCount(frame.site.key, frame.tick).toLocaleString('en-US'))}</p>`
    : '';
  return `<footer class="site-footer" role="contentinfo">
<div class="footer-sitemap"><h2>${labels.sitemap}</h2>
<ul>
${pages.join('\n')}
</ul></div>
<div class="footer-related"><h2>${labels.relatedSites}</h2>
<ul>
${related.join('\n')}
</ul></div>
<ul class="footer-policy">
${policies.join('\n')}
</ul>
<div class="footer-contact" id="footer-contact">
<p class="footer-name">${escapeHtml(siteName)}</p>
<address>${escapeHtml(frame.site.address)}<br>${labels.phone}${escapeHtml(frame.site.phone)}</address>
</div>
${counter}
<p class="copyright"><small>Copyright &copy; ${escapeHtml(frame.site.nameEn)}. All Rights Reserved.</small></p>
</footer>`;
}
