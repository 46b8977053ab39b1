/**
 * Incidents, their timelines and campaigns over the shared Kysely handle, on SQLite and PostgreSQL
 * alike. Every write of one check's rollup, or of one analyst action, is one transaction, and the
 * notifications it causes are put in the outbox inside that same transaction: an incident is never
 * recorded without the messages it owes, nor a message enqueued for an incident that was rolled back.
 */
import type { CampaignDecision, CampaignMember, IncidentChange, RollupPlan } from '../core/incidents/index.ts';
import { Repository } from '../store/repository.ts';
import { reusableQuery } from '../store/reusable-query.ts';
import { baselineColumns } from '../store/row-mapping.ts';
import {
  ACTIVE,
  readRollupState,
  rollupRowsQuery,
  writeChange,
  writePlan,
  type RollupRows,
  type RollupSnapshot,
  type Router,
  type StoredRollup,
} from './incident-writes.ts';
import { eventRow, toCampaign, toEvent, toIncident } from './rows.ts';
import type { IncidentTables } from './tables.ts';
import type { Campaign, Incident, IncidentEvent, IncidentFilter } from '../core/incidents/records.ts';

export { enqueue } from './incident-writes.ts';
export type { RollupSnapshot, Router, StoredRollup };

export class IncidentStore extends Repository<IncidentTables> {
  /** Compiled once: the rollup reads this for every check (reusable-query.ts). */
  readonly #rollupRows: RollupRows = reusableQuery(2, (pageId: number, siteId: number) =>
    rollupRowsQuery(this.db, pageId, siteId),
  );

  /** Everything the rollup needs to know about a page and its site, read in one go. */
  rollupState(pageId: number, siteId: number): Promise<RollupSnapshot> {
    return this.run(() => readRollupState(this.db, this.#rollupRows, pageId, siteId));
  }

  /**
   * Read the state again, decide, and write, holding the site's lock, so two processes (BullMQ
   * workers) checking two pages of one site at once never open two site incidents: the write lock
   * (store/write-lock.ts), per site on PostgreSQL.
   */
  rollupLocked(
    pageId: number,
    siteId: number,
    decide: (state: RollupSnapshot) => RollupPlan,
    route: Router,
  ): Promise<StoredRollup & { plan: RollupPlan }> {
    return this.locked({ name: 'mamori.incidents', id: siteId }, async (trx) => {
      const plan = decide(await readRollupState(trx, this.#rollupRows, pageId, siteId));
      return { ...(await writePlan(trx, plan, route)), plan };
    });
  }

  /**
   * The same lock and state for a look that concerns the site as a whole (a site watch: DNS,
   * certificate...), which no page check made: no page incident is read, every active one is counted.
   */
  rollupSiteLocked(
    siteId: number,
    decide: (state: RollupSnapshot) => RollupPlan,
    route: Router,
  ): Promise<StoredRollup & { plan: RollupPlan }> {
    // Ids start at 1: no page has id 0, so the page half of the state is empty.
    return this.rollupLocked(0, siteId, decide, route);
  }

  get(id: number): Promise<Incident | null> {
    return this.run(async () => {
      const row = await this.db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toIncident(row) : null;
    });
  }

  /** Newest first, keyset-paginated by id. */
  list(filter: IncidentFilter): Promise<Incident[]> {
    return this.run(async () => {
      let q = this.db.selectFrom('incidents').selectAll();
      if (filter.state === 'active') q = q.where('state', 'in', ACTIVE);
      else if (filter.state) q = q.where('state', '=', filter.state);
      if (filter.scope) q = q.where('scope', '=', filter.scope);
      if (filter.organisationId !== undefined) q = q.where('organisation_id', '=', filter.organisationId);
      if (filter.organisationIds !== undefined) {
        if (filter.organisationIds.length === 0) return [];
        q = q.where('organisation_id', 'in', [...filter.organisationIds]);
      }
      if (filter.siteId !== undefined) q = q.where('site_id', '=', filter.siteId);
      if (filter.pageId !== undefined) q = q.where('page_id', '=', filter.pageId);
      if (filter.campaignId !== undefined) q = q.where('campaign_id', '=', filter.campaignId);
      if (filter.severity) q = q.where('severity', '=', filter.severity);
      if (filter.kind) q = q.where('kind', '=', filter.kind);
      if (filter.beforeId !== undefined) q = q.where('id', '<', filter.beforeId);
      const rows = await q.orderBy('id', 'desc').limit(filter.limit).execute();
      return rows.map(toIncident);
    });
  }

  /** The timeline, oldest first. */
  events(incidentId: number): Promise<IncidentEvent[]> {
    return this.run(async () => {
      const rows = await this.db
        .selectFrom('incident_events')
        .selectAll()
        .where('incident_id', '=', incidentId)
        .orderBy('id', 'asc')
        .execute();
      return rows.map(toEvent);
    });
  }

  /** A site incident's page incidents. */
  children(siteIncidentId: number): Promise<Incident[]> {
    return this.run(async () => {
      const rows = await this.db
        .selectFrom('incidents')
        .selectAll()
        .where('parent_id', '=', siteIncidentId)
        .orderBy('id', 'asc')
        .execute();
      return rows.map(toIncident);
    });
  }

  /** Other sites' incidents that could share a campaign with `incident`: opened within the window, or on the same threat. */
  campaignCandidates(incident: Incident, windowMs: number): Promise<CampaignMember[]> {
    return this.run(async () => {
      const rows = await this.db
        .selectFrom('incidents')
        .selectAll()
        .where('scope', '=', 'site')
        .where('id', '!=', incident.id)
        .where('site_id', '!=', incident.siteId)
        .where((eb) => {
          const near = eb.and([
            eb('opened_at', '>=', incident.openedAt - windowMs),
            eb('opened_at', '<=', incident.openedAt + windowMs),
          ]);
          return incident.threatId ? eb.or([near, eb('threat_id', '=', incident.threatId)]) : near;
        })
        .where('state', '!=', 'false_positive')
        .orderBy('id', 'asc')
        .limit(500)
        .execute();
      return rows.map(toIncident).map(memberOf);
    });
  }

  /** Create or extend a campaign as decided; each incident that joins gets a timeline entry. */
  applyCampaign(decision: CampaignDecision, at: number): Promise<Campaign | null> {
    if (decision.action === 'none') return Promise.resolve(null);
    return this.run(() =>
      this.db.transaction().execute(async (trx) => {
        let campaign: Campaign;
        if (decision.action === 'create') {
          const row = await trx
            .insertInto('campaigns')
            .values({ title: decision.title, keys: JSON.stringify(decision.keys), created_at: at, updated_at: at })
            .returningAll()
            .executeTakeFirstOrThrow();
          campaign = toCampaign(row);
        } else {
          const row = await trx
            .selectFrom('campaigns')
            .selectAll()
            .where('id', '=', decision.campaignId)
            .executeTakeFirstOrThrow();
          const keys = [...new Set([...toCampaign(row).keys, ...decision.keys])].sort();
          const updated = await trx
            .updateTable('campaigns')
            .set({ keys: JSON.stringify(keys), updated_at: at })
            .where('id', '=', decision.campaignId)
            .returningAll()
            .executeTakeFirstOrThrow();
          campaign = toCampaign(updated);
        }
        for (const id of decision.incidentIds) {
          const joined = await trx
            .updateTable('incidents')
            .set({ campaign_id: campaign.id })
            .where('id', '=', id)
            .where('campaign_id', 'is', null)
            .returningAll()
            .executeTakeFirst();
          if (!joined) continue;
          const i = toIncident(joined);
          await trx
            .insertInto('incident_events')
            .values(
              eventRow(id, {
                type: 'campaign-joined',
                at,
                checkId: null,
                pageId: null,
                notify: false,
                message: `Part of campaign ${campaign.id} (${campaign.title}): linked by ${decision.keys.join(', ')}.`,
                data: { kind: i.kind, severity: i.severity, campaignId: campaign.id, keys: decision.keys },
              }),
            )
            .execute();
        }
        return campaign;
      }),
    );
  }

  /**
   * Tie incidents opened while their organisation was under a threat to that threat (once: an
   * incident already linked keeps its threat), with a timeline entry. Returns the incidents linked.
   */
  linkThreat(incidentIds: readonly number[], threat: { id: string; title: string }, at: number): Promise<Incident[]> {
    if (incidentIds.length === 0) return Promise.resolve([]);
    return this.run(() =>
      this.db.transaction().execute(async (trx) => {
        const linked: Incident[] = [];
        for (const id of incidentIds) {
          const row = await trx
            .updateTable('incidents')
            .set({ threat_id: threat.id })
            .where('id', '=', id)
            .where('threat_id', 'is', null)
            .returningAll()
            .executeTakeFirst();
          if (!row) continue;
          const incident = toIncident(row);
          await trx
            .insertInto('incident_events')
            .values(
              eventRow(id, {
                type: 'threat-linked',
                at,
                checkId: null,
                pageId: null,
                notify: false,
                message: `Opened while its organisation was on heightened watch for threat ${threat.id} (${threat.title}).`,
                data: { kind: incident.kind, severity: incident.severity, threatId: threat.id },
              }),
            )
            .execute();
          linked.push(incident);
        }
        return linked;
      }),
    );
  }

  getCampaign(id: number): Promise<Campaign | null> {
    return this.run(async () => {
      const row = await this.db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toCampaign(row) : null;
    });
  }

  /** Newest first; with organisationIds, only campaigns with an incident of those organisations. */
  listCampaigns(limit: number, organisationIds?: readonly number[]): Promise<Campaign[]> {
    return this.run(async () => {
      let q = this.db.selectFrom('campaigns').selectAll().orderBy('id', 'desc').limit(limit);
      if (organisationIds !== undefined) {
        if (organisationIds.length === 0) return [];
        const ids = [...organisationIds];
        q = q.where('id', 'in', (eb) =>
          eb
            .selectFrom('incidents')
            .select('campaign_id')
            .where('organisation_id', 'in', ids)
            .where('campaign_id', 'is not', null),
        );
      }
      return (await q.execute()).map(toCampaign);
    });
  }

  /** Write analyst actions' changes (already decided) in one transaction; optionally forget a page's baseline. */
  applyChanges(
    changes: readonly IncidentChange[],
    route: Router,
    resetBaselineOf: number | null,
  ): Promise<IncidentEvent[]> {
    return this.run(() =>
      this.db.transaction().execute(async (trx) => {
        const events: IncidentEvent[] = [];
        for (const change of changes) await writeChange(trx, change, null, route, events);
        if (resetBaselineOf !== null) {
          // The next checks learn the page afresh, from what it shows now, exactly as a new page.
          await trx
            .updateTable('pages')
            .set({ ...baselineColumns(null), last_body_sha256: null })
            .where('id', '=', resetBaselineOf)
            .execute();
          // The baseline itself, apart from the page since migration 0024 (store/page-baselines.ts).
          await trx.deleteFrom('page_baselines').where('page_id', '=', resetBaselineOf).execute();
        }
        return events;
      }),
    );
  }
}

function memberOf(i: Incident): CampaignMember {
  return {
    incidentId: i.id,
    siteId: i.siteId,
    organisationId: i.organisationId,
    openedAt: i.openedAt,
    signatures: i.signatures,
    hosts: i.hosts,
    threatId: i.threatId,
    campaignId: i.campaignId,
  };
}
