import type { Locale, Translate } from './i18n/translate.ts';

/** Pure display helpers: every time is shown in the person's own time zone, not the browser's. */

const INTL_LOCALE: Record<Locale, string> = { ja: 'ja-JP', en: 'en-GB' };

export function formatDateTime(ms: number, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZone,
    timeZoneName: 'short',
  }).format(ms);
}

export function formatTime(ms: number, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZone,
  }).format(ms);
}

/** A time zone the browser's Intl knows, or UTC: an account's bad value must not break every page. */
export function safeTimeZone(zone: string | undefined): string {
  if (!zone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ${minutes % 60} min` : `${Math.floor(hours / 24)} d`;
}

export function formatCount(n: number, locale: Locale): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale]).format(n);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * "seen N times until …" for a record that stands for a run of identical checks (the store counts a
 * repeat in the last record instead of adding one); null for a record of one check.
 */
export function seenRunText(
  run: { seenCount: number; lastSeenAt: number | null },
  t: Translate,
  locale: Locale,
  timeZone: string,
): string | null {
  if (run.seenCount <= 1 || run.lastSeenAt === null) return null;
  return t('history.seen', {
    count: formatCount(run.seenCount, locale),
    time: formatDateTime(run.lastSeenAt, locale, timeZone),
  });
}
