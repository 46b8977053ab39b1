import type { ReactNode } from 'react';
import { useSession } from '../session.tsx';
import type { Loaded } from '../use-api.ts';

/** Shows loading, not-found, forbidden and errors the same way everywhere; children get the data. */
export function Await<T>({ result, children }: { result: Loaded<T>; children: (data: T) => ReactNode }) {
  const { t } = useSession();
  if ('state' in result) return <p className="muted">{t('common.loading')}</p>;
  if (result.ok) return <>{children(result.data)}</>;
  if (result.kind === 'not-found') return <NotFound />;
  if (result.status === 403)
    return (
      <p className="muted" data-testid="forbidden">
        {t('common.forbidden')}
      </p>
    );
  return (
    <p className="error" role="alert">
      {t('common.error', { message: result.message })}
    </p>
  );
}

export function NotFound() {
  const { t } = useSession();
  return (
    <section className="card" data-testid="not-found">
      <h1>{t('common.notFound')}</h1>
      <p>{t('common.notFoundBody')}</p>
    </section>
  );
}
