/**
 * What each reason code means, in English and Japanese: one sentence a person reads, keyed by the
 * code the detectors emit (src/core). The reason's evidence (selector, quote, URL) is shown beside the
 * sentence by the caller, unchanged, so both languages point at the same thing. Data only: the
 * dashboard bundles it. messages.test.ts fails when a code the core emits has no entry here.
 */
import { SITE_REASON_TEXT } from './site-reasons.ts';
import type { Bilingual } from './types.ts';

export const REASON_TEXT: Record<string, Bilingual> = {
  // Outcomes of a check (src/core/outcome.ts): the page could not be fetched as it should.
  dns: { en: 'The site’s name does not resolve (DNS failure).', ja: 'ドメイン名を名前解決できません（DNS エラー）。' },
  connect: { en: 'The server refused or dropped the connection.', ja: 'サーバーへの接続が拒否または切断されました。' },
  tls: {
    en: 'The TLS handshake or certificate failed.',
    ja: 'TLS ハンドシェイクまたはサーバー証明書の検証に失敗しました。',
  },
  timeout: { en: 'The server did not answer in time.', ja: 'サーバーが時間内に応答しませんでした（タイムアウト）。' },
  'http-4xx': {
    en: 'The server answered with a client error (4xx).',
    ja: 'サーバーがクライアントエラー（4xx）を返しました。',
  },
  'http-5xx': {
    en: 'The server answered with a server error (5xx).',
    ja: 'サーバーがサーバーエラー（5xx）を返しました。',
  },
  'too-large': { en: 'The response is larger than the limit.', ja: '応答が上限サイズを超えています。' },
  'bad-encoding': { en: 'The page’s text encoding cannot be decoded.', ja: 'ページの文字コードを解読できません。' },
  'unsupported-content': {
    en: 'The response is not a web page Mamori can read.',
    ja: '応答が Mamori で解析できる形式のウェブページではありません。',
  },
  protocol: { en: 'The server broke the HTTP protocol.', ja: 'サーバーの応答が HTTP プロトコルに違反しています。' },
  'soft-404': {
    en: 'The page answers 200 but says it is not found (soft 404).',
    ja: 'ステータスは 200 ですが、内容は「ページが見つかりません」です（ソフト 404）。',
  },
  'redirect-offsite': { en: 'The page redirects to another site.', ja: 'ページが別のサイトへリダイレクトされます。' },
  blocked: {
    en: 'Mamori’s own network policy refused this address.',
    ja: 'Mamori のネットワークポリシーによりこのアドレスへのアクセスを拒否しました。',
  },
  'analysis-limit': {
    en: 'The page was too large or complex to analyse fully.',
    ja: 'ページが大きすぎる、または複雑すぎるため、解析を完了できませんでした。',
  },
  // Judgement against the baseline.
  'content-changed': {
    en: 'The page’s content changed from its baseline.',
    ja: 'ページの内容がベースラインから変化しました。',
  },
  'baseline-learning': { en: 'The page’s baseline is still being learnt.', ja: 'ページのベースラインを学習中です。' },
  'baseline-untrusted': {
    en: 'The baseline was learnt while the page may have been tampered with.',
    ja: 'ベースラインは改ざんされていた可能性のある状態で学習されました。',
  },
  // Defacement.
  'defacer-headline': {
    en: 'The page’s headline is a defacer’s boast.',
    ja: 'ページの見出しが改ざん者による犯行声明です。',
  },
  'defacer-message': {
    en: 'The page carries a defacer’s message.',
    ja: 'ページに改ざん者のメッセージが掲載されています。',
  },
  'page-replaced': {
    en: 'The whole page was replaced by other content.',
    ja: 'ページ全体が別の内容に置き換えられています。',
  },
  'page-redesigned': {
    en: 'The page’s layout changed throughout, as in a redesign.',
    ja: 'ページ全体のレイアウトが変わりました（リニューアルの可能性）。',
  },
  'inserted-block': {
    en: 'A block of content was inserted into the page.',
    ja: 'ページにコンテンツのブロックが挿入されました。',
  },
  'inserted-block-markup': {
    en: 'The inserted block brings its own styling, unlike the page.',
    ja: '挿入されたブロックはページ本来と異なる独自の装飾を持っています。',
  },
  'inserted-block-register': {
    en: 'The inserted block is worded like a defacer’s message.',
    ja: '挿入されたブロックの文面は改ざん者の犯行声明に似ています。',
  },
  'inserted-block-language': {
    en: 'The inserted block is in another language than the page.',
    ja: '挿入されたブロックはページと異なる言語で書かれています。',
  },
  'inserted-block-image': {
    en: 'The inserted block shows an image from a new host.',
    ja: '挿入されたブロックは新しいホストの画像を表示しています。',
  },
  'posted-block': {
    en: 'New posted content looks like spam or a defacement.',
    ja: '新たに投稿された内容がスパムまたは改ざんのようです。',
  },
  'language-switch': { en: 'The page’s main language changed.', ja: 'ページの主要な言語が変わりました。' },
  'new-external-image': {
    en: 'The page shows an image from an external host it never used.',
    ja: 'ページがこれまで使っていない外部ホストの画像を表示しています。',
  },
  'mixed-encoding': {
    en: 'The page mixes text encodings, a sign of injected content.',
    ja: 'ページ内で文字コードが混在しています（コンテンツ挿入の兆候）。',
  },
  // Hidden content (SEO spam).
  'hidden-external-link': {
    en: 'A hidden link points to an external site (SEO spam).',
    ja: '外部サイトへの隠しリンクがあります（SEO スパム）。',
  },
  'hidden-text': { en: 'Text was added that visitors cannot see.', ja: '閲覧者に見えないテキストが追加されています。' },
  'hidden-payload': {
    en: 'Hidden content carries links or spam keywords.',
    ja: '隠しコンテンツにリンクやスパム語句が含まれています。',
  },
  'hidden-iframe': {
    en: 'A hidden frame loads a new external site.',
    ja: '非表示の iframe が新しい外部サイトを読み込んでいます。',
  },
  'hidden-iframe-known-domain': {
    en: 'A hidden frame loads from a domain the page already uses.',
    ja: '非表示の iframe がページで既に使われているドメインを読み込んでいます。',
  },
  'new-iframe-origin': { en: 'A frame loads from a new origin.', ja: 'iframe が新しいオリジンを読み込んでいます。' },
  // Scripts.
  'new-script-origin': {
    en: 'A script is loaded from a host the page never used.',
    ja: 'ページがこれまで使っていないホストからスクリプトが読み込まれています。',
  },
  'new-script-host-known-domain': {
    en: 'A script is loaded from a new host on a domain the page already names.',
    ja: 'ページが既に参照しているドメインの新しいホストからスクリプトが読み込まれています。',
  },
  'opaque-script-origin': {
    en: 'A script is loaded from a new host at an opaque address, as loaders are delivered.',
    ja: '新しいホストの不透明なアドレスからスクリプトが読み込まれています（ローダーの典型的な配布手口）。',
  },
  'obfuscated-script': { en: 'An obfuscated script was added.', ja: '難読化されたスクリプトが追加されています。' },
  'coin-miner': {
    en: 'A cryptocurrency miner runs in visitors’ browsers.',
    ja: '閲覧者のブラウザで暗号資産のマイニングスクリプトが動作します。',
  },
  'script-writes-blank-hidden-frame': {
    en: 'A script writes a hidden, blank frame.',
    ja: 'スクリプトが非表示の空の iframe を書き込みます。',
  },
  'script-writes-hidden-content': {
    en: 'A script writes content that visitors cannot see.',
    ja: 'スクリプトが閲覧者に見えないコンテンツを書き込みます。',
  },
  'script-writes-frame': {
    en: 'A script writes a frame into the page.',
    ja: 'スクリプトがページに iframe を書き込みます。',
  },
  'decode-and-run': {
    en: 'A script decodes text and runs it as code.',
    ja: 'スクリプトが文字列をデコードしてコードとして実行します。',
  },
  'runs-downloaded-code': {
    en: 'A script downloads text and runs it as code (a remote loader).',
    ja: 'スクリプトが外部から取得した文字列をコードとして実行します（リモートローダー）。',
  },
  'disguised-script-loader': {
    en: 'A script creates a script element and disguises what it loads.',
    ja: 'スクリプトが script 要素を生成し、読み込み先を偽装しています。',
  },
  'script-loader-new-domain': {
    en: 'A script creates a script element that loads from a new domain.',
    ja: 'スクリプトが新しいドメインから読み込む script 要素を生成します。',
  },
  'script-loader-computed-address': {
    en: 'A script loads another script from a computed address.',
    ja: 'スクリプトが計算で組み立てたアドレスから別のスクリプトを読み込みます。',
  },
  'script-loader-computed-address-conditional': {
    en: 'A script loads another script from a computed address, only for some visitors.',
    ja: 'スクリプトが一部の閲覧者に限り、計算で組み立てたアドレスから別のスクリプトを読み込みます。',
  },
  'script-new-domain-loader-slot': {
    en: 'A script from a new domain sits where loaders are injected.',
    ja: 'ローダーが挿入されやすい位置に新しいドメインのスクリプトがあります。',
  },
  'misplaced-script': {
    en: 'A script sits where this site never places scripts.',
    ja: 'このサイトでは通常スクリプトを置かない位置にスクリプトがあります。',
  },
  'script-markup-as-text': {
    en: 'Script markup shows as text on the page (a broken injection).',
    ja: 'スクリプトのタグがページ上に文字として表示されています（挿入の失敗）。',
  },
  // Redirects.
  'offsite-meta-refresh': {
    en: 'A meta refresh sends visitors to another site.',
    ja: 'meta refresh により閲覧者が別のサイトへ転送されます。',
  },
  'rendered-redirect': {
    en: 'In a browser, the page redirects to another site.',
    ja: 'ブラウザで表示すると、ページが別のサイトへリダイレクトします。',
  },
  'script-redirect': {
    en: 'A script redirects visitors to another site.',
    ja: 'スクリプトが閲覧者を別のサイトへリダイレクトします。',
  },
  'conditional-redirect': {
    en: 'A script redirects some visitors only (by referrer, device or time).',
    ja: 'スクリプトが特定の閲覧者だけを（参照元・端末・時刻などで）リダイレクトします。',
  },
  // Forms and skimmers.
  'new-form-target': {
    en: 'A form now sends to a new destination.',
    ja: 'フォームの送信先が新しい宛先に変わりました。',
  },
  'skimmer-payment-fields': {
    en: 'A script reads payment card fields (a skimmer).',
    ja: 'スクリプトが決済カードの入力欄を読み取ります（スキマー）。',
  },
  'skimmer-form-exfiltration': {
    en: 'A script sends form input to another site (a skimmer).',
    ja: 'スクリプトがフォームの入力内容を外部サイトへ送信します（スキマー）。',
  },
  'skimmer-disguised': {
    en: 'A disguised script reads and sends form input (a skimmer).',
    ja: '偽装されたスクリプトがフォームの入力内容を読み取って送信します（スキマー）。',
  },
  'payment-fields-sent': {
    en: 'A script sends payment fields elsewhere.',
    ja: 'スクリプトが決済情報の入力欄の内容を外部へ送信します。',
  },
  'form-fields-sent-new-domain': {
    en: 'A script sends form fields to a new domain.',
    ja: 'スクリプトがフォームの入力内容を新しいドメインへ送信します。',
  },
  'form-fields-sent': { en: 'A script sends form fields.', ja: 'スクリプトがフォームの入力内容を送信します。' },
  // Active content inventory.
  'active-content-more': {
    en: 'More active content (scripts, frames, handlers) than the page ever had.',
    ja: 'アクティブコンテンツ（スクリプト・iframe・イベントハンドラー）がこれまでより増えています。',
  },
  'active-script-src-added': { en: 'A new external script was added.', ja: '新しい外部スクリプトが追加されました。' },
  'active-script-inline-added': {
    en: 'A new inline script was added.',
    ja: '新しいインラインスクリプトが追加されました。',
  },
  'active-iframe-added': { en: 'A new frame was added.', ja: '新しい iframe が追加されました。' },
  'active-object-added': {
    en: 'A new object (plug-in) element was added.',
    ja: '新しい object 要素（プラグイン）が追加されました。',
  },
  'active-embed-added': { en: 'A new embed element was added.', ja: '新しい embed 要素が追加されました。' },
  'active-form-action-added': { en: 'A new form destination was added.', ja: '新しいフォーム送信先が追加されました。' },
  'active-meta-refresh-added': { en: 'A new meta refresh was added.', ja: '新しい meta refresh が追加されました。' },
  'active-event-handler-added': {
    en: 'A new event handler (on… attribute) was added.',
    ja: '新しいイベントハンドラー（on 属性）が追加されました。',
  },
  'active-preload-script-added': {
    en: 'A new preloaded script was added.',
    ja: '新しいプリロードスクリプトが追加されました。',
  },
  'active-base-href-added': {
    en: 'A base address was added, redirecting the page’s relative links.',
    ja: 'base 要素が追加され、ページの相対リンクの参照先が変わりました。',
  },
  // Site paths (discovery).
  'defacer-path': {
    en: 'A page with a defacer’s or web shell’s name appeared on the site.',
    ja: '改ざん者や Web シェルに典型的な名前のページがサイトに出現しました。',
  },
  'spam-path': {
    en: 'A page with a spam name appeared on the site.',
    ja: 'スパムに典型的な名前のページがサイトに出現しました。',
  },
  'page-burst': {
    en: 'Many new pages appeared on the site at once.',
    ja: 'サイトに多数の新しいページが一度に出現しました。',
  },
  'random-file-name': {
    en: 'A page with a random file name appeared on the site.',
    ja: 'ランダムなファイル名のページがサイトに出現しました。',
  },
  'soft-404-unconfirmed': {
    en: 'The page says it is not there; it counts as degraded only when the next check says so too.',
    ja: 'ページが「見つかりません」と表示しています。次のチェックでも同じ場合にのみ機能低下と判定します。',
  },
  'discovered-held': {
    en: 'A page newly found in the sitemap already looked tampered with at first sight; it is not learnt as normal.',
    ja: 'サイトマップで新たに見つかったページが初回から改ざんの疑いがあるため、正常な状態として学習しません。',
  },
  'defacer-headline-words': {
    en: 'The page’s own headline names it like a defacer’s page or a web shell.',
    ja: 'ページ自身の見出しが、改ざん者のページまたは Web シェルのような名前になっています。',
  },
  'spam-headline-words': {
    en: 'The page’s own headline carries spam vocabulary, as doorway pages do.',
    ja: 'ページ自身の見出しに、誘導ページによく見られるスパム語句が含まれています。',
  },
  'vantage-cloaking': {
    en: 'Vantage points disagree on the page’s content: it shows some networks something else (cloaking).',
    ja: '観測拠点によってページの内容が異なります。一部のネットワークにだけ別の内容を表示しています（クローキング）。',
  },
  // The site watches' reasons (DNS, certificate, domain, security headers): site-reasons.ts.
  ...SITE_REASON_TEXT,
};
