import type { DemoSiteSpec } from '../demo-spec.ts';

/** 総務省. Its statutes page is EUC-JP, declared only in the Content-Type header, as some older systems serve. */
export const SOUMU_SITE: DemoSiteSpec = {
  key: 'soumu',
  orgKey: 'soumu',
  name: '総務省',
  nameEn: 'Ministry of Internal Affairs and Communications',
  lang: 'ja',
  charset: 'utf-8',
  address: '〒100-8926 東京都千代田区霞が関2-1-2 中央合同庁舎第2号館',
  phone: '03-5253-5111（代表）',
  nav: [
    { label: 'ホーム', path: '/' },
    { label: '報道資料', path: '/news/' },
    { label: '政策', path: '/policy/' },
    { label: '所管法令', path: '/statutes/' },
    { label: 'English', path: '/english/' },
  ],
  newsTopics: ['電波利用料制度', '地方財政計画', '情報通信白書', 'サイバーセキュリティ人材育成', '統計調査の結果', '行政相談週間', '地方公務員の給与', '放送制度の在り方'],
  lawName: '電気通信事業法',
  pages: [
    { path: '/', title: '総務省', kind: 'home', lead: '総務省は、行政運営の改善、地方行財政、選挙、消防防災、情報通信、郵政行政など、国家の基本的な仕組みに関わる諸制度を所管しています。', topics: ['重要なお知らせ', '新着情報', '主な政策', '統計データ'] },
    { path: '/news/', title: '報道資料', kind: 'news', lead: '総務省の報道資料を新しい順に掲載しています。', topics: [] },
    { path: '/policy/', title: '政策', kind: 'section', lead: '総務省の主な政策分野をご紹介します。', topics: ['行政管理', '地方行財政', '情報通信', '消防防災'] },
    { path: '/policy/ict/', title: '情報通信政策', kind: 'section', lead: '情報通信分野の政策と取組について掲載しています。', topics: ['電波政策', '放送政策', 'サイバーセキュリティ', 'デジタル活用支援'] },
    { path: '/policy/ict/cybersecurity/', title: 'サイバーセキュリティ対策', kind: 'section', lead: '国民が安心して情報通信を利用できるよう、サイバーセキュリティ対策を推進しています。', topics: ['政府機関等の対策', '地方公共団体の対策', '人材育成', '注意喚起情報'] },
    { path: '/policy/local-gov/', title: '地方行財政', kind: 'section', lead: '地方自治制度と地方財政に関する情報を掲載しています。', topics: ['地方自治制度', '地方財政', '地方税', 'ふるさと納税'] },
    { path: '/statutes/', title: '所管法令', kind: 'statutes', charset: 'euc-jp', lead: '総務省が所管する主な法律を掲載しています。', topics: ['電気通信事業法', '電波法', '放送法', '地方自治法', '地方税法'] },
    { path: '/english/', title: 'Ministry of Internal Affairs and Communications', kind: 'section', lang: 'en', lead: 'The Ministry supports the basic systems of the nation: administration, local government, elections, fire defence and communications.', topics: ['Organization', 'Information and Communications Policy', 'Local Government', 'Statistics'] },
  ],
};
