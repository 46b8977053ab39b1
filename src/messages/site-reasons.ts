/**
 * The site watches' reasons (DNS, certificate, domain registration, security headers; codes from
 * src/core/site/codes.ts) in English and Japanese. Each sentence is general: the watch's finding keeps
 * its before → after as evidence, shown beside it unchanged, so both languages point at the same
 * records. An expiry threshold is the config's, so its family is keyed once with `{days}`
 * (`domain-expires-within-{days}` reads `domain-expires-within-14`). Data only: the dashboard bundles it.
 */
import type { Bilingual } from './types.ts';

const DNS_TEXT: Record<string, Bilingual> = {
  'dns-name-missing': {
    en: 'The site’s name no longer exists in DNS (NXDOMAIN): the domain may have lapsed or its zone been removed.',
    ja: 'サイトのドメイン名が DNS に存在しなくなりました（NXDOMAIN）。ドメインの失効またはゾーンの削除が考えられます。',
  },
  'dns-lookup-failed': {
    en: 'A DNS lookup got no answer; it is compared next time.',
    ja: 'DNS の問い合わせに応答がありませんでした。次回の確認で比較します。',
  },
  'dns-ns-changed': {
    en: 'The zone’s name servers moved to a provider never seen for this site: whoever runs them answers for the whole site (DNS hijack).',
    ja: 'ゾーンのネームサーバーが、このサイトでは見たことのない事業者に変わりました。その運用者がサイト全体の名前解決を握ります（DNS ハイジャック）。',
  },
  'dns-ns-added': {
    en: 'A new name server at a provider the site already uses: learnt.',
    ja: 'サイトが既に利用している事業者の新しいネームサーバーです。学習しました。',
  },
  'dns-cname-provider': {
    en: 'The site’s name is now an alias (CNAME) at a provider never seen for this site.',
    ja: 'サイトのドメイン名が、このサイトでは見たことのない事業者への別名（CNAME）になりました。',
  },
  'dns-address-new-network': {
    en: 'The site’s name now also resolves to an address outside every network it was seen in.',
    ja: 'サイトのドメイン名が、これまでに見たどのネットワークにも属さないアドレスにも解決されるようになりました。',
  },
  'dns-address-moved': {
    en: 'The site’s name now resolves only to addresses outside every network it was seen in: its traffic goes somewhere else.',
    ja: 'サイトのドメイン名が、これまでに見たどのネットワークにも属さないアドレスにのみ解決されます。サイトへの通信が別の場所に向かっています。',
  },
  'dns-caa-removed': {
    en: 'The CAA records were removed: any certificate authority may now issue a certificate for the site.',
    ja: 'CAA レコードが削除されました。どの認証局でもこのサイトの証明書を発行できる状態です。',
  },
  'dns-caa-changed': {
    en: 'The CAA records now allow a certificate authority never allowed before.',
    ja: 'CAA レコードが、これまで許可していなかった認証局を許可するようになりました。',
  },
  'dns-spf-changed': {
    en: 'The SPF record changed: it says which servers may send the domain’s mail.',
    ja: 'SPF レコードが変更されました（ドメインのメールを送信してよいサーバーの指定です）。',
  },
  'dns-dmarc-changed': {
    en: 'The DMARC policy changed: it tells receivers what to do with mail forged in the domain’s name.',
    ja: 'DMARC ポリシーが変更されました（ドメインを詐称したメールの扱いを受信側に指示するものです）。',
  },
  'dns-mx-changed': {
    en: 'The domain’s mail now goes to a provider never seen for it.',
    ja: 'ドメインのメールが、これまでに見たことのない事業者に配送されるようになりました。',
  },
};

const TLS_TEXT: Record<string, Bilingual> = {
  'tls-no-certificate': { en: 'The server presented no certificate.', ja: 'サーバーが証明書を提示しませんでした。' },
  'tls-hostname-mismatch': {
    en: 'The certificate does not cover the site’s name.',
    ja: 'サーバー証明書がサイトのドメイン名に対応していません。',
  },
  'tls-untrusted-chain': {
    en: 'The certificate chain does not validate: browsers warn every visitor.',
    ja: 'サーバー証明書のチェーンを検証できません。ブラウザーがすべての閲覧者に警告を表示します。',
  },
  'tls-protocol-weaker': {
    en: 'The server now negotiates an older TLS version than before.',
    ja: 'サーバーが以前より古い TLS バージョンで接続するようになりました。',
  },
  'tls-certificate-renewed': {
    en: 'The site has a new certificate (a renewal, or the same issuer and key): learnt.',
    ja: 'サイトの証明書が新しくなりました（通常の更新、または同じ発行者と鍵）。学習しました。',
  },
  'tls-issuer-changed': {
    en: 'The certificate comes from a new issuer while the old one still had time to run: not a renewal; a certificate issued to someone else?',
    ja: '旧証明書の有効期間が残っているうちに、別の発行者の証明書に変わりました。通常の更新ではなく、第三者に発行された証明書の可能性があります。',
  },
  'tls-key-changed': {
    en: 'The certificate has a new key while the old one still had time to run: not a renewal.',
    ja: '旧証明書の有効期間が残っているうちに、証明書の鍵が変わりました。通常の更新ではありません。',
  },
  'tls-certificate-expired': {
    en: 'The site’s certificate has expired.',
    ja: 'サーバー証明書の有効期限が切れています。',
  },
  'tls-certificate-expires-within-{days}': {
    en: 'The site’s certificate expires within {days} days.',
    ja: 'サーバー証明書の有効期限まで {days} 日を切りました。',
  },
};

const DOMAIN_TEXT: Record<string, Bilingual> = {
  'domain-expiry-unknown': {
    en: 'The registry’s RDAP answer gives no expiration date.',
    ja: 'レジストリの RDAP 応答に有効期限が含まれていません。',
  },
  'domain-registrar-changed': {
    en: 'The domain moved to another registrar: a transfer, which is how domains are stolen.',
    ja: 'ドメインが別のレジストラに移管されました。ドメインの乗っ取りはこの手口で行われます。',
  },
  'domain-expired': {
    en: 'The domain registration has expired.',
    ja: 'ドメインの登録期限が切れています。',
  },
  'domain-expires-within-{days}': {
    en: 'The domain registration expires within {days} days.',
    ja: 'ドメインの登録期限まで {days} 日を切りました。',
  },
};

/** Each security header: its usual spelling, and what a weaker value of it allows. */
const HEADERS: Record<string, { name: string; weaker: Bilingual }> = {
  'content-security-policy': {
    name: 'Content-Security-Policy',
    weaker: {
      en: 'it allows more scripts or framing (inline script, a new script host, frame-ancestors)',
      ja: 'スクリプトやフレーム表示の許可が広がりました（インラインスクリプト、新しいスクリプト配信元、frame-ancestors）',
    },
  },
  'strict-transport-security': {
    name: 'Strict-Transport-Security',
    weaker: {
      en: 'HSTS is shorter, narrower or switched off',
      ja: 'HSTS の期間短縮、適用範囲の縮小、または無効化です',
    },
  },
  'x-frame-options': {
    name: 'X-Frame-Options',
    weaker: { en: 'other sites may frame it more widely', ja: '他サイトからのフレーム表示がより広く許可されました' },
  },
  'x-content-type-options': {
    name: 'X-Content-Type-Options',
    weaker: { en: 'nosniff was dropped', ja: 'nosniff が外されました' },
  },
  'referrer-policy': {
    name: 'Referrer-Policy',
    weaker: { en: 'more of the address is sent to other sites', ja: '他サイトへ送られる URL の情報が増えました' },
  },
  'permissions-policy': {
    name: 'Permissions-Policy',
    weaker: { en: 'more browser features are allowed', ja: '許可されるブラウザー機能が増えました' },
  },
};

const HEADER_TEXT: Record<string, Bilingual> = Object.fromEntries(
  Object.entries(HEADERS).flatMap(([header, { name, weaker }]) => [
    [
      `header-removed-${header}`,
      {
        en: `The home page no longer sends ${name}.`,
        ja: `トップページが ${name} ヘッダーを送信しなくなりました。`,
      },
    ],
    [
      `header-weakened-${header}`,
      {
        en: `The home page sends a weaker ${name}: ${weaker.en}.`,
        ja: `トップページの ${name} ヘッダーが弱められました。${weaker.ja}。`,
      },
    ],
  ]),
);

export const SITE_REASON_TEXT: Record<string, Bilingual> = {
  ...DNS_TEXT,
  ...TLS_TEXT,
  ...DOMAIN_TEXT,
  ...HEADER_TEXT,
};
