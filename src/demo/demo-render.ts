import { findNewsItem } from './churn.ts';
import type { DemoPageSpec, DemoSiteSpec, PageLang } from './demo-spec.ts';
import { injectDefacement, injectHiddenLink, isIncidentTarget } from './incidents.ts';
import type { PageCharset } from './legacy-encoding.ts';
import { renderNotFoundMain } from './templates/errors.ts';
import { labelsFor } from './templates/labels.ts';
import { renderHomeMain, renderNewsItemMain, renderNewsMain } from './templates/home-news.ts';
import { renderFrame } from './templates/layout.ts';
import { renderSectionMain, renderStatutesMain } from './templates/section.ts';
import type { NavItem } from './demo-spec.ts';
import type { EstateState } from './types.ts';

/** A demo page as text, before encoding: what tests compare decoded bodies against. */
export interface DemoDocument {
  status: 200 | 404;
  html: string;
  charset: PageCharset;
  lang: PageLang;
}

/** Renders a known page, a news item page that exists at this tick, or the site's 404 page. */
export function renderDemoDocument(site: DemoSiteSpec, path: string, state: EstateState): DemoDocument {
  const page = site.pages.find((p) => p.path === path);
  if (page !== undefined) {
    const lang = page.lang ?? site.lang;
    const charset = page.charset ?? site.charset;
    const html = applyIncidents(
      site,
      path,
      state,
      frame(site, page.path, page.title, lang, charset, state, pageMain(site, page, lang, state)),
    );
    return { status: 200, html, charset, lang };
  }
  const item = findNewsItem(site, state.tick, path);
  if (item !== null) {
    const html = frame(site, path, item.title, site.lang, site.charset, state, renderNewsItemMain(site, item));
    return { status: 200, html, charset: site.charset, lang: site.lang };
  }
  const title = site.lang === 'ja' ? 'ページが見つかりません' : 'Page not found';
  const html = frame(site, path, title, site.lang, site.charset, state, renderNotFoundMain(site.lang));
  return { status: 404, html, charset: site.charset, lang: site.lang };
}

function pageMain(site: DemoSiteSpec, page: DemoPageSpec, lang: PageLang, state: EstateState): string {
  switch (page.kind) {
    case 'home':
      return renderHomeMain(site, page, state.tick);
    case 'news':
      return renderNewsMain(site, page, state.tick);
    case 'statutes':
      return renderStatutesMain({ site, page, lang, children: [] });
    case 'section':
      return renderSectionMain({ site, page, lang, children: childrenOf(site, page.path) });
  }
}

function frame(
  site: DemoSiteSpec,
  path: string,
  title: string,
  lang: PageLang,
  charset: PageCharset,
  state: EstateState,
  main: string,
): string {
  return renderFrame({
    site,
    path,
    title,
    lang,
    charset,
    description: site.pages.find((p) => p.path === path)?.lead ?? title,
    tick: state.tick,
    breadcrumbs: ancestorsOf(site, path, lang),
    showCounter: path === '/',
    main,
  });
}

function applyIncidents(site: DemoSiteSpec, path: string, state: EstateState, html: string): string {
  let out = html;
  if (state.incidents.localOfficeDefaced === true && isIncidentTarget('localOfficeDefaced', site.key, path)) {
    out = injectDefacement(out);
  }
  if (state.incidents.hiddenLinkInListing === true && isIncidentTarget('hiddenLinkInListing', site.key, path)) {
    out = injectHiddenLink(out);
  }
  return out;
}

/** Pages one level below `path`: `/a/` has `/a/b/` but not `/a/b/c/`. */
export function childrenOf(site: DemoSiteSpec, path: string): DemoPageSpec[] {
  return site.pages.filter(
    (p) => p.path !== path && p.path.startsWith(path) && p.path.slice(path.length).split('/').length === 2,
  );
}

/** Home, then each existing ancestor section, for the breadcrumb trail. */
function ancestorsOf(site: DemoSiteSpec, path: string, lang: PageLang): NavItem[] {
  const crumbs: NavItem[] = [];
  const parts = path.split('/').filter((part) => part !== '');
  for (let depth = 0; depth < parts.length; depth += 1) {
    const prefix = depth === 0 ? '/' : `/${parts.slice(0, depth).join('/')}/`;
    const page = site.pages.find((p) => p.path === prefix);
    if (page !== undefined) crumbs.push({ label: depth === 0 ? labelsFor(lang).home : page.title, path: prefix });
  }
  return crumbs;
}
