import type { Page, PageFilter, EstateStore } from '../store/types.ts';

const BATCH = 1000;

/** Every page matching the filter, read in keyset-paginated batches so memory stays flat on a large estate. */
export async function* allPages(
  store: EstateStore,
  filter: Omit<PageFilter, 'limit' | 'afterId'> = {},
): AsyncGenerator<Page> {
  for (let afterId: number | undefined = 0; afterId !== undefined;) {
    const batch = await store.listPages({ ...filter, limit: BATCH, afterId });
    yield* batch.items;
    afterId = batch.nextAfterId ?? undefined;
  }
}
