import type { DemoSiteSpec } from '../demo-spec.ts';

/**
 * A (fictional) recording-industry association: not government, but in the estate because it is a classic
 * target of hacktivists protesting copyright laws, and it keeps its English pages in their own section.
 */
export const RECORDING_SITE: DemoSiteSpec = {
  key: 'recording',
  orgKey: 'recording',
  name: '一般社団法人 日本レコード産業協会',
  nameEn: 'Japan Recording Industry Association',
  lang: 'ja',
  charset: 'utf-8',
  address: '〒105-0001 東京都港区虎ノ門2丁目2番5号',
  phone: '03-5575-1301',
  nav: [
    { label: 'ホーム', path: '/' },
    { label: 'ニュースリリース', path: '/news/' },
    { label: '著作権と音楽配信', path: '/copyright/' },
    { label: 'English', path: '/en/' },
  ],
  newsTopics: [
    '音楽配信売上の推移',
    '違法配信対策の強化',
    '著作権教育セミナー',
    'ゴールドディスク認定',
    '音楽ソフト生産実績',
    '正規配信サービスのご案内',
  ],
  pages: [
    {
      path: '/',
      title: '日本レコード産業協会',
      kind: 'home',
      lead: '日本レコード産業協会は、レコード産業の発展と音楽文化の振興を目的として活動しています。',
      topics: ['重要なお知らせ', 'ニュースリリース', '協会の活動', '統計情報'],
    },
    {
      path: '/news/',
      title: 'ニュースリリース',
      kind: 'news',
      lead: '協会のニュースリリースを掲載しています。',
      topics: [],
    },
    {
      path: '/copyright/',
      title: '著作権と音楽配信',
      kind: 'section',
      lead: '音楽の著作権と正規の配信サービスについてご案内します。',
      topics: ['著作権の基礎知識', '正規配信マーク', '違法ダウンロード対策', '教育機関向け資料'],
    },
    {
      path: '/copyright/downloads/',
      title: '違法ダウンロード対策',
      kind: 'section',
      lead: '違法にアップロードされた音楽のダウンロードは、法律で禁止されています。',
      topics: ['法改正の概要', '罰則について', '見分け方', '相談窓口'],
    },
    {
      path: '/copyright/downloads/faq/',
      title: 'よくある質問',
      kind: 'section',
      lead: '違法ダウンロードに関してよく寄せられる質問と回答をまとめました。',
      topics: ['ストリーミングの視聴', 'スクリーンショット', '海外サイトの利用', '削除要請の方法'],
    },
    {
      path: '/en/',
      title: 'About the Association',
      kind: 'section',
      lang: 'en',
      lead: 'The Association promotes the recording industry and music culture in Japan and works against online piracy.',
      topics: ['Mission', 'Statistics', 'Anti-Piracy Activities', 'Member Companies'],
    },
  ],
};
