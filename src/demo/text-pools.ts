/**
 * Sentence pools for generated body text. Written in the register of Japanese government pages and limited to
 * JIS X 0208 characters, so every pool encodes losslessly in Shift_JIS and EUC-JP.
 */

export const JA_SENTENCES: readonly string[] = [
  '国民の皆様の権利を守り、安全で安心な社会の実現に向けて、各種施策に取り組んでいます。',
  '手続の詳細については、最寄りの窓口又は所管の部署までお問い合わせください。',
  '申請書の様式は、下記の関連資料からダウンロードすることができます。',
  '郵送による申請も受け付けておりますので、遠方にお住まいの方はご利用ください。',
  '本制度の見直しについては、有識者による検討会において議論が進められています。',
  '令和7年度から、オンラインによる申請の受付を開始しました。',
  '詳しくは、関連資料及びよくある質問をご覧ください。',
  '窓口の受付時間は、平日の午前8時30分から午後5時15分までです（土日祝日及び年末年始を除く。）。',
  '個人情報の取扱いについては、関係法令に基づき適切に管理しています。',
  '各地方公共団体と連携し、地域の実情に応じた支援を行っています。',
  '制度の概要をまとめたリーフレットを作成しましたので、ご活用ください。',
  '手数料は、収入印紙を申請書に貼り付けて納付してください。',
  '混雑が予想される時期には、事前予約制による相談を実施しています。',
  '聴覚に障害のある方は、ファクシミリ又は電子メールによるお問い合わせも受け付けています。',
  '本ページに掲載している情報は、令和8年4月1日現在のものです。',
  '関係機関と協力し、広報啓発活動を継続的に実施しています。',
  '新型の手口による被害が報告されていますので、十分にご注意ください。',
  '統計資料は、毎年度末に取りまとめて公表しています。',
  '審議会の議事録及び配布資料は、会議の終了後速やかに掲載します。',
  '御意見の募集結果については、後日ホームページにおいて公表する予定です。',
  '代理人が申請する場合は、委任状を添付してください。',
  '記載例を参考に、必要事項を漏れなく記入してください。',
  '提出された書類は、原則として返却いたしませんのでご了承ください。',
  '業務の電子化を進め、行政サービスの利便性向上を図っています。',
  'なお、電話による相談は予約の必要はありません。',
  '外国語による相談にも対応しておりますので、お気軽にご相談ください。',
  '災害時には、臨時の相談窓口を設置することがあります。',
  '各種証明書の交付請求は、オンラインでも行うことができます。',
];

export const EN_SENTENCES: readonly string[] = [
  'We work closely with local governments and related organizations to deliver our policies.',
  'Application forms and guidance are available from the related documents listed below.',
  'Consultation is available on weekdays from 8:30 a.m. to 5:15 p.m., except national holidays.',
  'Statistics are compiled at the end of each fiscal year and published on this website.',
  'Online applications have been accepted since fiscal year 2025.',
  'Interpretation services are available for consultations in several languages.',
  'The information on this page is current as of April 1, 2026.',
  'Please contact the division in charge for details of each procedure.',
  'The minutes and materials of council meetings are published after each meeting.',
  'This English page is provided for reference; the Japanese version prevails.',
  'Leaflets summarizing the system are available in English, Chinese, Korean and Vietnamese.',
  'We continue to make our services more convenient through digitalization.',
  'Results of public comment procedures are published on the Japanese website.',
  'Personal information is handled appropriately in accordance with the relevant laws.',
];

/** `{topic}` is replaced by one of the site's news topics. */
export const NEWS_TITLE_TEMPLATES: readonly string[] = [
  '{topic}に関する意見募集の結果について',
  '{topic}について公表しました',
  '{topic}に係る説明会の開催について',
  '{topic}に関する検討会（第{n}回）の開催について',
  '{topic}の実施状況について',
  '{topic}に関するリーフレットを作成しました',
  '{topic}についてのお知らせ',
  '{topic}に関する調査結果の公表',
];

export const NEWS_CATEGORIES: readonly string[] = ['報道発表', 'お知らせ', '会議・イベント', '統計', '募集'];

export const LAW_ARTICLE_SENTENCES: readonly string[] = [
  'この法律は、国民の権利の保全を図り、もって取引の安全と円滑に資することを目的とする。',
  '前項の規定による申請は、法務省令で定めるところにより、書面又は電子情報処理組織を使用する方法によりしなければならない。',
  '登記官は、前条の規定による申請があった場合において、必要があると認めるときは、申請人に対し、資料の提出を求めることができる。',
  '前二項に定めるもののほか、手続に関し必要な事項は、政令で定める。',
  '何人も、正当な理由がないのに、前条に規定する情報を他人に提供してはならない。',
  '国は、この法律の目的を達成するため、必要な財政上の措置その他の措置を講ずるよう努めなければならない。',
  '第一項の規定は、同項の期間内に申請をすることができない正当な理由がある場合には、適用しない。',
  '主務大臣は、この法律の施行に必要な限度において、事業者に対し、報告を求めることができる。',
  '前項の規定により報告を求められた者が報告をせず、又は虚偽の報告をしたときは、三十万円以下の罰金に処する。',
  '地方公共団体は、国の施策に準じて、必要な施策を講ずるよう努めなければならない。',
];

export const FILE_LABELS: readonly string[] = [
  '概要',
  '申請書様式',
  '記載例',
  'リーフレット',
  '手引き',
  'よくある質問',
  '統計表',
  '配布資料',
];

/** Kanji numerals for article numbers (第一条, 第十二条), as statutes are written. */
export function kanjiNumber(n: number): string {
  const digits = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  if (n < 10) return digits[n] ?? '';
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : (digits[tens] ?? '')}十${digits[ones] ?? ''}`;
}
