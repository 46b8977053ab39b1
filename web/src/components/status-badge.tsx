import { useSession } from '../session.tsx';
import type { PageStatus } from '../api-types.ts';
import type { MessageKey } from '../i18n/en.ts';
import { domainText } from '../i18n/domain.ts';

export function StatusBadge({ status }: { status: PageStatus }) {
  const { t } = useSession();
  return <span className={`badge status-${status}`}>{t(`status.${status}` as MessageKey)}</span>;
}

export function SeverityBadge({ severity }: { severity: string }) {
  const { locale } = useSession();
  return (
    <span className={`badge severity-${severity}`} data-severity={severity}>
      {domainText(locale).severity(severity)}
    </span>
  );
}
