import { useSession } from '../session.tsx';
import type { PageStatus } from '../api-types.ts';
import type { MessageKey } from '../i18n/en.ts';

export function StatusBadge({ status }: { status: PageStatus }) {
  const { t } = useSession();
  return <span className={`badge status-${status}`}>{t(`status.${status}` as MessageKey)}</span>;
}

export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`badge severity-${severity}`}>{severity}</span>;
}
