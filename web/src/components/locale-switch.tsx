import { LOCALES, type Locale } from '../i18n/translate.ts';
import { useSession } from '../session.tsx';

const LABELS: Record<Locale, string> = { ja: '日本語', en: 'English' };

export function LocaleSwitch() {
  const { locale, setLocale, t } = useSession();
  return (
    <label className="locale-switch">
      <span className="sr-only">{t('nav.language')}</span>
      <select
        aria-label={t('nav.language')}
        value={locale}
        onChange={(e) => setLocale(e.target.value as Locale)}
        data-testid="locale-switch"
      >
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {LABELS[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
