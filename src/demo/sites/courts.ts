import type { DemoSiteSpec } from '../demo-spec.ts';

/** 裁判所: the courts' site, whose news listing is where the hidden-link incident is planted. */
export const COURTS_SITE: DemoSiteSpec = {
  key: 'courts',
  orgKey: 'courts',
  name: '裁判所',
  nameEn: 'Courts in Japan',
  lang: 'ja',
  charset: 'utf-8',
  address: '〒102-8651 東京都千代田区隼町4番2号 最高裁判所',
  phone: '03-3264-8111（代表）',
  nav: [
    { label: 'ホーム', path: '/' },
    { label: '新着情報', path: '/news/' },
    { label: '裁判例情報', path: '/hanrei/' },
    { label: '裁判手続の案内', path: '/saiban/' },
    { label: '最高裁判所規則', path: '/rules/' },
    { label: 'English', path: '/english/' },
  ],
  newsTopics: ['裁判員制度', '司法統計年報', '民事裁判手続のデジタル化', '家事事件の手続', '裁判所職員採用試験', '最高裁判所判例集', '法廷見学'],
  lawName: '民事訴訟規則',
  pages: [
    { path: '/', title: '裁判所', kind: 'home', lead: '裁判所ウェブサイトでは、裁判手続の案内、裁判例情報、裁判所の組織などをご紹介しています。', topics: ['重要なお知らせ', '新着情報', '裁判手続の案内', '各地の裁判所'] },
    { path: '/news/', title: '新着情報', kind: 'news', lead: '裁判所からの新着情報を掲載しています。', topics: [] },
    { path: '/hanrei/', title: '裁判例情報', kind: 'section', lead: '最高裁判所判例集、高等裁判所判例集などの裁判例を検索することができます。', topics: ['最高裁判所判例集', '高等裁判所判例集', '下級裁判所裁判例速報', '知的財産裁判例集'] },
    { path: '/saiban/', title: '裁判手続の案内', kind: 'section', lead: '民事事件、刑事事件、家事事件などの裁判手続について説明しています。', topics: ['民事事件', '刑事事件', '家事事件', '少年事件'] },
    { path: '/saiban/minji/', title: '民事事件', kind: 'section', lead: '民事訴訟、民事調停、支払督促などの手続をご案内します。', topics: ['民事訴訟', '少額訴訟', '民事調停', '支払督促'] },
    { path: '/saiban/minji/shoshou/', title: '少額訴訟', kind: 'section', lead: '60万円以下の金銭の支払を求める場合に利用できる少額訴訟の手続をご案内します。', topics: ['手続の特徴', '訴えの提起', '審理と判決', '費用について'] },
    { path: '/rules/', title: '最高裁判所規則', kind: 'statutes', lead: '最高裁判所が定める規則のうち、主なものを掲載しています。', topics: ['民事訴訟規則', '刑事訴訟規則', '家事事件手続規則', '裁判員の参加する刑事裁判に関する規則'] },
    { path: '/english/', title: 'Courts in Japan', kind: 'section', lang: 'en', lead: 'This site introduces the judicial system of Japan, court procedures and selected judgments in English.', topics: ['Overview of the Judicial System', 'Supreme Court', 'Judgments of the Supreme Court', 'Saiban-in System'] },
  ],
};
