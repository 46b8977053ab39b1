/**
 * The one EstateStore implementation, for SQLite and PostgreSQL alike: the same Kysely queries run on both,
 * and the contract suite runs against both.
 */
import { pageSearchText } from '../core/search-text.ts';
import { PAGE_STATUSES, checkLimit, inOrganisation, pageConditions, sitesOfOrganisations } from './estate-filters.ts';
import { CheckRecorder } from './check-recorder.ts';
import { runHeld } from './held-connection.ts';
import { baselineOfPage } from './page-baselines.ts';
import { runMigrations } from './migrator.ts';
import { queryOverview } from './overview-query.ts';
import { pruneInTransaction, validatePolicy } from './prune.ts';
import { Repository } from './repository.ts';
import { reusableQuery } from './reusable-query.ts';
import {
  PAGE_HEAD_COLUMNS,
  toCheck,
  toOrganisation,
  toPage,
  toPageHead,
  toSite,
  toSiteFinding,
  toSiteSource,
} from './row-mapping.ts';
import type { Baseline } from '../core/baseline.ts';
import type {
  Check,
  CheckRecord,
  NewCheck,
  NewOrganisation,
  NewPage,
  NewSite,
  NewSiteFinding,
  Organisation,
  Page,
  PageHead,
  OrganisationScope,
  OverviewQuery,
  Overview,
  PageFilter,
  PageList,
  PageStatus,
  PageUpdate,
  PruneResult,
  RetentionPolicy,
  Site,
  SiteFindingFilter,
  SiteFindingRow,
  SiteSource,
  StatusCounts,
  EstateStore,
} from './types.ts';

export { PAGE_STATUSES };

export class KyselyEstateStore extends Repository implements EstateStore {
  #closed = false;
  // The statements every check runs, compiled once (reusable-query.ts).
  readonly #pageById = reusableQuery(1, (id: number) =>
    this.db.selectFrom('pages').selectAll().select(baselineOfPage).where('id', '=', id),
  );
  readonly #pageHeadById = reusableQuery(1, (id: number) =>
    this.db.selectFrom('pages').select(PAGE_HEAD_COLUMNS).where('id', '=', id),
  );
  readonly #baselineOf = reusableQuery(1, (id: number) =>
    this.db.selectFrom('page_baselines').select('baseline').where('page_id', '=', id),
  );
  readonly #checks = new CheckRecorder(this.db);

  migrate(): Promise<void> {
    return runMigrations(this.handle);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.handle.db.destroy();
  }

  upsertOrganisation(org: NewOrganisation, now: number): Promise<Organisation> {
    return this.run(async () => {
      const row = await this.db
        .insertInto('organisations')
        .values({ slug: org.slug, name: org.name, aliases: JSON.stringify(org.aliases ?? []), created_at: now })
        .onConflict((oc) =>
          oc.column('slug').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            // Omitted aliases leave the stored ones alone.
            aliases: org.aliases === undefined ? eb.ref('organisations.aliases') : eb.ref('excluded.aliases'),
          })),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      return toOrganisation(row);
    });
  }

  upsertSite(site: NewSite, now: number): Promise<Site> {
    return this.run(async () => {
      const origin = site.origin.toLowerCase();
      const row = await this.db
        .insertInto('sites')
        .values({
          organisation_id: site.organisationId,
          origin,
          name: site.name ?? origin,
          interval_seconds: site.intervalSeconds ?? null,
          created_at: now,
        })
        .onConflict((oc) =>
          oc.column('origin').doUpdateSet((eb) => ({
            // Omitted fields leave the stored values alone.
            name: site.name === undefined ? eb.ref('sites.name') : eb.ref('excluded.name'),
            interval_seconds:
              site.intervalSeconds === undefined
                ? eb.ref('sites.interval_seconds')
                : eb.ref('excluded.interval_seconds'),
          })),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      return toSite(row);
    });
  }

  addPage(page: NewPage, now: number): Promise<{ page: Page; created: boolean }> {
    return this.run(async () => {
      const inserted = await this.db
        .insertInto('pages')
        .values({
          site_id: page.siteId,
          url: page.url,
          source: page.source,
          interval_seconds: page.intervalSeconds ?? null,
          created_at: now,
          search_text: pageSearchText(page.url, null),
        })
        .onConflict((oc) => oc.column('url').doNothing())
        .returningAll()
        .executeTakeFirst();
      // A new page has no baseline yet.
      if (inserted) return { page: toPage({ ...inserted, baseline: null }), created: true };
      const existing = await this.db
        .selectFrom('pages')
        .selectAll()
        .select(baselineOfPage)
        .where('url', '=', page.url)
        .executeTakeFirstOrThrow();
      return { page: toPage(existing), created: false };
    });
  }

  listOrganisations(): Promise<Organisation[]> {
    return this.run(async () => {
      const rows = await this.db.selectFrom('organisations').selectAll().orderBy('id').execute();
      return rows.map(toOrganisation);
    });
  }

  getOrganisation(id: number): Promise<Organisation | null> {
    return this.run(async () => {
      const row = await this.db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toOrganisation(row) : null;
    });
  }

  listSites(filter: { organisationId?: number; organisationIds?: OrganisationScope } = {}): Promise<Site[]> {
    return this.run(async () => {
      let query = this.db.selectFrom('sites').selectAll().orderBy('id');
      if (filter.organisationId !== undefined) query = query.where('organisation_id', '=', filter.organisationId);
      if (filter.organisationIds !== undefined) {
        if (filter.organisationIds.length === 0) return [];
        query = query.where('organisation_id', 'in', [...filter.organisationIds]);
      }
      return (await query.execute()).map(toSite);
    });
  }

  getSite(id: number): Promise<Site | null> {
    return this.run(async () => {
      const row = await this.db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toSite(row) : null;
    });
  }

  getSiteByOrigin(origin: string): Promise<Site | null> {
    return this.run(async () => {
      const row = await this.db
        .selectFrom('sites')
        .selectAll()
        .where('origin', '=', origin.toLowerCase())
        .executeTakeFirst();
      return row ? toSite(row) : null;
    });
  }

  listPages(filter: PageFilter): Promise<PageList> {
    return this.run(async () => {
      checkLimit(filter.limit, 'listPages');
      let itemsQuery = this.db
        .selectFrom('pages')
        .selectAll()
        .select(baselineOfPage)
        .where((eb) => pageConditions(eb, filter))
        .orderBy('id')
        // One extra row tells whether there is a next page without a second query.
        .limit(filter.limit + 1);
      if (filter.afterId !== undefined) itemsQuery = itemsQuery.where('id', '>', filter.afterId);
      const totalQuery = this.db
        .selectFrom('pages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where((eb) => pageConditions(eb, filter));
      const [rows, totalRow] = await Promise.all([itemsQuery.execute(), totalQuery.executeTakeFirstOrThrow()]);
      const items = rows.slice(0, filter.limit).map(toPage);
      const more = rows.length > filter.limit;
      return {
        items,
        total: Number(totalRow.n),
        nextAfterId: more && items.length > 0 ? items[items.length - 1]!.id : null,
      };
    });
  }

  getPage(id: number): Promise<Page | null> {
    return this.run(async () => {
      const { rows } = await this.db.executeQuery(this.#pageById(id));
      return rows[0] ? toPage(rows[0]) : null;
    });
  }

  getPageHead(id: number): Promise<PageHead | null> {
    return this.run(async () => {
      // Every check reads its page head: no executor plumbing around it (held-connection.ts).
      const { rows } = await runHeld(this.db, this.#pageHeadById(id));
      return rows[0] ? toPageHead(rows[0]) : null;
    });
  }

  getBaseline(pageId: number): Promise<Baseline | null> {
    return this.run(async () => {
      const { rows } = await this.db.executeQuery(this.#baselineOf(pageId));
      const text = rows[0]?.baseline ?? null;
      return text === null ? null : (JSON.parse(text) as Baseline);
    });
  }

  getPageByUrl(url: string): Promise<Page | null> {
    return this.run(async () => {
      const row = await this.db
        .selectFrom('pages')
        .selectAll()
        .select(baselineOfPage)
        .where('url', '=', url)
        .executeTakeFirst();
      return row ? toPage(row) : null;
    });
  }

  countPagesByStatus(
    filter: { organisationId?: number; organisationIds?: OrganisationScope } = {},
  ): Promise<StatusCounts> {
    return this.run(async () => {
      let query = this.db
        .selectFrom('pages')
        .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
        .groupBy('status');
      if (filter.organisationId !== undefined) query = query.where((eb) => inOrganisation(eb, filter.organisationId!));
      if (filter.organisationIds !== undefined) query = query.where(sitesOfOrganisations(filter.organisationIds));
      const byStatus = Object.fromEntries(PAGE_STATUSES.map((s) => [s, 0])) as Record<PageStatus, number>;
      let total = 0;
      for (const row of await query.execute()) {
        const n = Number(row.n);
        total += n;
        if (row.status in byStatus) byStatus[row.status as PageStatus] += n;
      }
      return { total, byStatus };
    });
  }

  overview(query: OverviewQuery): Promise<Overview> {
    return this.run(async () => {
      checkLimit(query.limit, 'overview');
      return queryOverview(this.db, query);
    });
  }

  async recordCheck(check: NewCheck, update: PageUpdate): Promise<Check> {
    const [stored] = await this.recordChecks([{ check, update }]);
    return stored!;
  }

  recordChecks(entries: readonly CheckRecord[]): Promise<Check[]> {
    if (entries.length === 0) return Promise.resolve([]);
    return this.run(() => this.db.transaction().execute((trx) => this.#checks.write(trx, entries)));
  }

  listChecks(pageId: number, options: { limit: number; beforeId?: number }): Promise<Check[]> {
    return this.run(async () => {
      checkLimit(options.limit, 'listChecks');
      let query = this.db
        .selectFrom('checks')
        .selectAll()
        .where('page_id', '=', pageId)
        .orderBy('id', 'desc')
        .limit(options.limit);
      if (options.beforeId !== undefined) query = query.where('id', '<', options.beforeId);
      return (await query.execute()).map(toCheck);
    });
  }

  getCheck(id: number): Promise<Check | null> {
    return this.run(async () => {
      const row = await this.db.selectFrom('checks').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toCheck(row) : null;
    });
  }

  pruneChecks(pageId: number, policy: RetentionPolicy, now?: number): Promise<PruneResult> {
    return this.run(async () => {
      validatePolicy(policy);
      return await this.db.transaction().execute((trx) => pruneInTransaction(trx, pageId, policy, now));
    });
  }

  addSiteSource(siteId: number, url: string, now: number): Promise<SiteSource> {
    return this.run(async () => {
      const inserted = await this.db
        .insertInto('site_sources')
        .values({ site_id: siteId, url, kind: 'sitemap', created_at: now })
        .onConflict((oc) => oc.columns(['site_id', 'url']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) return toSiteSource(inserted);
      const existing = await this.db
        .selectFrom('site_sources')
        .selectAll()
        .where('site_id', '=', siteId)
        .where('url', '=', url)
        .executeTakeFirstOrThrow();
      return toSiteSource(existing);
    });
  }

  listSiteSources(): Promise<SiteSource[]> {
    return this.run(async () =>
      (await this.db.selectFrom('site_sources').selectAll().orderBy('id').execute()).map(toSiteSource),
    );
  }

  markSiteSourceRead(id: number, now: number): Promise<void> {
    return this.run(async () => {
      await this.db.updateTable('site_sources').set({ last_read_at: now }).where('id', '=', id).execute();
    });
  }

  recordSiteFindings(siteId: number, findings: readonly NewSiteFinding[], now: number): Promise<SiteFindingRow[]> {
    if (findings.length === 0) return Promise.resolve([]);
    return this.run(() =>
      this.db.transaction().execute(async (trx) => {
        const stored: SiteFindingRow[] = [];
        // One insert per row keeps the order of ids equal to the order given, in both dialects.
        for (const f of findings) {
          const row = await trx
            .insertInto('site_findings')
            .values({ site_id: siteId, url: f.url, reasons: JSON.stringify(f.reasons), created_at: now })
            .returningAll()
            .executeTakeFirstOrThrow();
          stored.push(toSiteFinding(row));
        }
        return stored;
      }),
    );
  }

  listSiteFindings(filter: SiteFindingFilter): Promise<SiteFindingRow[]> {
    return this.run(async () => {
      checkLimit(filter.limit, 'listSiteFindings');
      let query = this.db.selectFrom('site_findings').selectAll().orderBy('id', 'desc').limit(filter.limit);
      if (filter.siteId !== undefined) query = query.where('site_id', '=', filter.siteId);
      if (filter.organisationIds !== undefined) query = query.where(sitesOfOrganisations(filter.organisationIds));
      if (filter.open !== undefined) query = query.where('resolved_at', filter.open ? 'is' : 'is not', null);
      return (await query.execute()).map(toSiteFinding);
    });
  }
}
