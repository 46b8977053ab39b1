import type { PageCharset } from './legacy-encoding.ts';

/** How the demo estate is described: plain data, rendered by the templates. */

export type PageKind = 'home' | 'news' | 'section' | 'statutes';

export type PageLang = 'ja' | 'en';

export interface DemoPageSpec {
  path: string;
  title: string;
  kind: PageKind;
  /** Defaults to the site's language. */
  lang?: PageLang;
  /** Defaults to the site's charset. */
  charset?: PageCharset;
  /** The page's own opening sentence, before generated body text. */
  lead: string;
  /** Section headings of the body (and of a statutes page's list of laws). */
  topics: readonly string[];
}

export interface NavItem {
  label: string;
  path: string;
}

export interface DemoSiteSpec {
  key: string;
  orgKey: string;
  name: string;
  nameEn: string;
  lang: PageLang;
  charset: PageCharset;
  address: string;
  phone: string;
  /** Global navigation: the site's top-level sections. */
  nav: readonly NavItem[];
  /** Subjects that news item titles are made from, so the listing reads like this site's. */
  newsTopics: readonly string[];
  /** Name of the law shown in full on the site's statutes page, if it has one. */
  lawName?: string;
  pages: readonly DemoPageSpec[];
}

export type OrganisationKind = 'ministry' | 'court' | 'association';

export interface DemoOrganisation {
  key: string;
  name: string;
  nameEn: string;
  kind: OrganisationKind;
  siteKeys: readonly string[];
}

/** Where a charset is declared, as old Japanese sites do: Shift_JIS in `<meta>` only, EUC-JP in the header only. */
export type CharsetDeclaration = 'header-and-meta' | 'meta' | 'header';

export function charsetDeclaration(charset: PageCharset): CharsetDeclaration {
  if (charset === 'shift_jis') return 'meta';
  if (charset === 'euc-jp') return 'header';
  return 'header-and-meta';
}

/** The label a page declares, spelled as such sites spell it. */
export function charsetLabel(charset: PageCharset): string {
  if (charset === 'shift_jis') return 'Shift_JIS';
  if (charset === 'euc-jp') return 'EUC-JP';
  return 'UTF-8';
}
