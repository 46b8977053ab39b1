import { api } from '../api.ts';
import { overviewQuery, readFilters } from '../overview-model.ts';
import { useSession } from '../session.tsx';
import { useApi } from '../use-api.ts';
import { OverviewTree } from './overview-tree.tsx';

const PAGE_SIZE = 50;

export function OverviewView({ search }: { search: string }) {
  const { t } = useSession();
  const filters = readFilters(search);
  const query = overviewQuery(filters, PAGE_SIZE);
  const overview = useApi(`overview ${new URLSearchParams(query).toString()}`, () => api.overview.$get({ query }));
  return (
    <section>
      <h1>{t('overview.title')}</h1>
      <OverviewTree filters={filters} overview={overview} />
    </section>
  );
}
