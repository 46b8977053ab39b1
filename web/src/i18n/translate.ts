import { en, type MessageKey } from './en.ts';
import { ja } from './ja.ts';

export type Locale = 'ja' | 'en';
export const LOCALES: readonly Locale[] = ['ja', 'en'];

const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { en, ja };

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** A translator for one locale: `{name}` placeholders are filled from values; a missing value stays visible. */
export function translator(locale: Locale): Translate {
  const dict = DICTIONARIES[locale];
  return (key, values) => {
    const text = dict[key];
    if (!values) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
  };
}

/**
 * The locale to show: the one the person picked in this browser, else the account's, else the
 * browser's language, else Japanese (the estate's own language).
 */
export function pickLocale(stored: string | null, account: string | undefined, browser: readonly string[]): Locale {
  for (const candidate of [stored, account, ...browser]) {
    const base = candidate?.toLowerCase().split('-')[0];
    if (base === 'ja' || base === 'en') return base;
  }
  return 'ja';
}
