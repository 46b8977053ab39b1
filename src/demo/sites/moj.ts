import type { DemoSiteSpec } from '../demo-spec.ts';

/** 法務省: the ministry's main site. Its statutes page is Shift_JIS, like the e-Gov law pages it mirrors. */
export const MOJ_SITE: DemoSiteSpec = {
  key: 'moj',
  orgKey: 'moj',
  name: '法務省',
  nameEn: 'Ministry of Justice',
  lang: 'ja',
  charset: 'utf-8',
  address: '〒100-8977 東京都千代田区霞が関1丁目1番1号',
  phone: '03-3580-4111（代表）',
  nav: [
    { label: 'ホーム', path: '/' },
    { label: '報道発表資料', path: '/news/' },
    { label: '政策・施策', path: '/policies/' },
    { label: '所管法令', path: '/statutes/' },
    { label: 'English', path: '/english/' },
  ],
  newsTopics: ['民法の一部改正', '登記事務のオンライン化', '再犯防止推進計画', '外国人材の受入れ', '法制審議会の答申', '人権啓発活動', '成年後見制度', '司法試験の実施'],
  lawName: '不動産登記法',
  pages: [
    { path: '/', title: '法務省', kind: 'home', lead: '法務省は、基本法制の維持及び整備、法秩序の維持、国民の権利擁護等を任務としています。', topics: ['重要なお知らせ', '新着情報', '主な取組', '各種手続'] },
    { path: '/news/', title: '報道発表資料', kind: 'news', lead: '法務省の報道発表資料を新しい順に掲載しています。', topics: [] },
    { path: '/policies/', title: '政策・施策', kind: 'section', lead: '法務省が所管する主な政策と施策の概要を紹介します。', topics: ['民事行政', '人権擁護', '刑事政策', '出入国在留管理'] },
    { path: '/policies/civil/', title: '民事行政', kind: 'section', lead: '登記、戸籍、国籍、供託などの民事行政事務について説明します。', topics: ['登記制度', '戸籍制度', '国籍事務', '供託制度'] },
    { path: '/policies/civil/registration/', title: '登記制度の概要', kind: 'section', lead: '不動産登記及び商業・法人登記の制度と手続の概要です。', topics: ['不動産登記', '商業・法人登記', 'オンライン申請', '登記事項証明書の請求'] },
    { path: '/policies/human-rights/', title: '人権擁護', kind: 'section', lead: '人権相談や人権啓発活動など、法務省の人権擁護の取組を紹介します。', topics: ['人権相談', '人権啓発', 'インターネット上の人権侵害', '子どもの人権'] },
    { path: '/statutes/', title: '所管法令', kind: 'statutes', charset: 'shift_jis', lead: '法務省が所管する法律の一覧と、主な法律の条文を掲載しています。', topics: ['民法', '不動産登記法', '戸籍法', '供託法', '会社法'] },
    { path: '/english/', title: 'Ministry of Justice', kind: 'section', lang: 'en', lead: 'The Ministry of Justice maintains the basic legal system, keeps public order and protects the rights of the people.', topics: ['About the Ministry', 'Civil Affairs', 'Human Rights Bureau', 'Immigration Services'] },
  ],
};

/** 横浜地方法務局: a local legal affairs bureau on an older CMS that still writes Shift_JIS, declared in `<meta>` only. */
export const MOJ_LOCAL_SITE: DemoSiteSpec = {
  key: 'moj-yokohama',
  orgKey: 'moj',
  name: '横浜地方法務局',
  nameEn: 'Yokohama District Legal Affairs Bureau',
  lang: 'ja',
  charset: 'shift_jis',
  address: '〒231-8411 神奈川県横浜市中区北仲通5丁目57番地 横浜第2合同庁舎',
  phone: '045-641-7461（代表）',
  nav: [
    { label: 'ホーム', path: '/' },
    { label: 'お知らせ', path: '/news/' },
    { label: '各種手続', path: '/procedures/' },
    { label: '支局・出張所', path: '/offices/' },
  ],
  newsTopics: ['登記相談の予約受付', '窓口の混雑状況', '相続登記の申請義務化', '自筆証書遺言書保管制度', '筆界特定制度', '人権相談'],
  pages: [
    { path: '/', title: '横浜地方法務局', kind: 'home', lead: '横浜地方法務局は、神奈川県内の登記、戸籍、供託、人権擁護の事務を行っています。', topics: ['重要なお知らせ', '新着情報', '主な業務', '各種手続'] },
    { path: '/news/', title: 'お知らせ', kind: 'news', lead: '横浜地方法務局からのお知らせを掲載しています。', topics: [] },
    { path: '/offices/', title: '支局・出張所のご案内', kind: 'section', lead: '管内の支局及び出張所の所在地と管轄区域をご案内します。', topics: ['川崎支局', '湘南支局', '横須賀支局', '相模原支局'] },
    { path: '/procedures/', title: '各種手続', kind: 'section', lead: '当局で取り扱う各種手続の案内です。', topics: ['不動産登記', '商業・法人登記', '供託', '遺言書の保管'] },
    { path: '/procedures/registration/', title: '不動産登記の申請', kind: 'section', lead: '土地や建物の登記を申請する方法と必要書類についてご案内します。', topics: ['申請の方法', '必要な書類', '登録免許税', '登記完了までの期間'] },
    { path: '/procedures/registration/forms/', title: '申請書様式', kind: 'section', lead: '不動産登記の申請書の様式と記載例を掲載しています。', topics: ['所有権移転登記', '抵当権抹消登記', '相続登記', '住所変更登記'] },
  ],
};
