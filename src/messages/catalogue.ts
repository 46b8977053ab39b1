/**
 * Words for the incident model in both languages: severities, states, kinds, timeline events and
 * the labels notifications use. Japanese follows the wording of Japanese CSIRTs (改ざん, 検知, 重大度).
 * Data only, shared by the server (notifications, CLI) and the dashboard.
 */
import type { Bilingual } from './types.ts';

/** Severities of reasons (`info` … `high`) and of incidents (`low` … `critical`). */
export const SEVERITY_TEXT: Record<string, Bilingual> = {
  info: { en: 'info', ja: '情報' },
  low: { en: 'low', ja: '低' },
  medium: { en: 'medium', ja: '中' },
  high: { en: 'high', ja: '高' },
  critical: { en: 'critical', ja: '緊急' },
};

export const STATE_TEXT: Record<string, Bilingual> = {
  open: { en: 'open', ja: '未対応' },
  acknowledged: { en: 'acknowledged', ja: '対応中' },
  resolved: { en: 'resolved', ja: '解決済み' },
  false_positive: { en: 'false positive', ja: '誤検知' },
};

/** An incident's kind as a noun phrase about a page: "… is tampered with" / 「…が改ざんされています」. */
export const KIND_TEXT: Record<string, Bilingual> = {
  tampered: { en: 'tampered with', ja: '改ざん' },
  suspicious: { en: 'suspicious', ja: '不審な変更' },
  down: { en: 'down', ja: '停止' },
  degraded: { en: 'degraded', ja: '応答異常' },
};

/** Incident titles; `{target}` is a page URL or a site name, `{kind}` a KIND_TEXT. */
export const TITLE_TEXT = {
  page: { en: '{target} is {kind}', ja: '{target} で{kind}を検知' },
  site: { en: '{target}: {kind}', ja: '{target}: {kind}を検知' },
} satisfies Record<string, Bilingual>;

/** What happened, as the subject's verb and the notification's first sentence. `{title}` is the incident's. */
export const EVENT_TEXT: Record<string, { word: Bilingual; sentence: Bilingual }> = {
  opened: {
    word: { en: 'NEW', ja: '新規' },
    sentence: { en: 'New incident: {title}.', ja: '新しいインシデントを検知しました: {title}' },
  },
  escalated: {
    word: { en: 'ESCALATED', ja: '重大度上昇' },
    sentence: { en: 'Escalated: {title}.', ja: '重大度が上がりました: {title}' },
  },
  changed: {
    word: { en: 'CHANGED', ja: '変化' },
    sentence: { en: 'The incident changed: {title}.', ja: 'インシデントの内容が変化しました: {title}' },
  },
  recovering: {
    word: { en: 'RECOVERING', ja: '回復中' },
    sentence: { en: 'Recovering: {title}.', ja: '回復しつつあります: {title}' },
  },
  relapsed: {
    word: { en: 'RELAPSED', ja: '再発' },
    sentence: { en: 'Relapsed before restoration was confirmed: {title}.', ja: '復旧の確認前に再発しました: {title}' },
  },
  'page-joined': {
    word: { en: 'PAGE-JOINED', ja: 'ページ追加' },
    sentence: { en: 'Another page is affected: {title}.', ja: '影響を受けるページが増えました: {title}' },
  },
  'page-restored': {
    word: { en: 'PAGE-RESTORED', ja: 'ページ復旧' },
    sentence: { en: 'A page is restored: {title}.', ja: 'ページが復旧しました: {title}' },
  },
  'page-closed': {
    word: { en: 'PAGE-CLOSED', ja: 'ページ終了' },
    sentence: { en: 'A page’s incident was closed: {title}.', ja: 'ページのインシデントが終了しました: {title}' },
  },
  restored: {
    word: { en: 'RESTORED', ja: '復旧' },
    sentence: { en: 'Restored: {title}.', ja: '復旧しました: {title}' },
  },
  acknowledged: {
    word: { en: 'ACKNOWLEDGED', ja: '対応開始' },
    sentence: { en: 'Acknowledged: {title}.', ja: '対応を開始しました: {title}' },
  },
  resolved: {
    word: { en: 'RESOLVED', ja: '解決' },
    sentence: { en: 'Resolved: {title}.', ja: '解決済みにしました: {title}' },
  },
  'false-positive': {
    word: { en: 'FALSE-POSITIVE', ja: '誤検知' },
    sentence: { en: 'Marked a false positive: {title}.', ja: '誤検知として処理しました: {title}' },
  },
  'relearn-approved': {
    word: { en: 'RELEARN-APPROVED', ja: '再学習承認' },
    sentence: { en: 'Baseline relearn approved: {title}.', ja: 'ベースラインの再学習が承認されました: {title}' },
  },
  'campaign-joined': {
    word: { en: 'CAMPAIGN-JOINED', ja: 'キャンペーン' },
    sentence: { en: 'Joined a campaign: {title}.', ja: '一連の攻撃（キャンペーン）に関連付けられました: {title}' },
  },
  'threat-linked': {
    word: { en: 'THREAT-LINKED', ja: '脅威情報' },
    sentence: { en: 'Linked to a threat report: {title}.', ja: '脅威情報に関連付けられました: {title}' },
  },
  test: {
    word: { en: 'TEST', ja: 'テスト' },
    sentence: { en: 'Test notification: {title}.', ja: 'テスト通知です: {title}' },
  },
};

/** Labels of a notification's facts and its closing line. */
export const NOTIFICATION_TEXT = {
  severity: { en: 'Severity', ja: '重大度' },
  kind: { en: 'Kind', ja: '種別' },
  state: { en: 'State', ja: '状態' },
  organisation: { en: 'Organisation', ja: '組織' },
  site: { en: 'Site', ja: 'サイト' },
  page: { en: 'Page', ja: 'ページ' },
  when: { en: 'When', ja: '日時' },
  campaign: { en: 'Campaign', ja: 'キャンペーン' },
  reasons: { en: 'Reasons', ja: '検知理由' },
  dashboard: { en: 'Dashboard', ja: 'ダッシュボード' },
  openInMamori: { en: 'Open in Mamori', ja: 'Mamori で開く' },
  noLink: {
    en: 'No link to the dashboard: server.publicUrl is not configured.',
    ja: 'ダッシュボードへのリンクはありません: server.publicUrl が設定されていません。',
  },
  footer: {
    en: 'Incident {incident} ({scope}), event {event}.',
    ja: 'インシデント {incident}（{scope}）、イベント {event}。',
  },
  scopePage: { en: 'page', ja: 'ページ' },
  scopeSite: { en: 'site', ja: 'サイト' },
} satisfies Record<string, Bilingual>;
