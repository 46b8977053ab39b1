/**
 * Threats, their targets and claims over the shared Kysely handle (SQLite and PostgreSQL). Readers
 * pass the organisations they may see; a threat is visible when it names one of them.
 */
import type { Db } from '../store/tables.ts';
import { Repository } from '../store/repository.ts';
import type { ClaimAssertion, ClaimStatus, MatchBy } from '../core/intel/index.ts';
import type { ClaimsTable, IntelTables } from './tables.ts';
import type { Claim, ClaimOutcome, NewClaim, NewThreat, OrgScope, Threat, ThreatTarget } from './types.ts';

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

function toClaim(r: ClaimsTable): Claim {
  return {
    id: r.id,
    text: r.text,
    source: r.source,
    sourceUrl: r.source_url,
    targetUrl: r.target_url,
    asserts: r.asserts as ClaimAssertion,
    status: r.status as ClaimStatus,
    summary: r.summary,
    organisationId: num(r.organisation_id),
    siteId: num(r.site_id),
    threatId: r.threat_id,
    incidentId: num(r.incident_id),
    checkIds: (JSON.parse(r.check_ids) as number[]).map(Number),
    createdAt: Number(r.created_at),
    checkedAt: num(r.checked_at),
  };
}

export interface ListOptions {
  scope: OrgScope;
  limit: number;
  /** Keyset cursor: only items created before this time. */
  before?: number;
}

/** An organisation on heightened watch, and the threat that put it there (the latest active one). */
export interface ActiveTarget {
  organisationId: number;
  threatId: string;
  title: string;
  watchUntil: number;
}

export class IntelStore extends Repository<IntelTables> {
  /** Store a threat once; a second sighting of the same announcement returns the stored one. */
  addThreat(threat: NewThreat, now: number): Promise<{ threat: Threat; created: boolean }> {
    return this.run(() =>
      this.db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('threats')
          .values({
            id: threat.id,
            title: threat.title,
            summary: threat.summary,
            source: threat.source,
            source_url: threat.sourceUrl,
            published_at: threat.publishedAt,
            created_at: now,
            watch_until: threat.watchUntil,
            keywords: JSON.stringify(threat.keywords),
            reasons: JSON.stringify(threat.reasons),
          })
          .onConflict((oc) => oc.column('id').doNothing())
          .returning('id')
          .executeTakeFirst();
        if (inserted && threat.targets.length > 0) {
          await trx
            .insertInto('threat_targets')
            .values(
              threat.targets.map((t) => ({
                threat_id: threat.id,
                organisation_id: t.organisationId,
                matched_by: t.by,
                term: t.term,
                watch_until: t.watchUntil,
              })),
            )
            .execute();
        }
        const stored = await this.#threats(trx, [threat.id]);
        const first = stored[0];
        if (!first) throw new Error(`threat ${threat.id} vanished while being stored`);
        return { threat: first, created: inserted !== undefined };
      }),
    );
  }

  async #threats(db: Db<IntelTables>, ids: readonly string[]): Promise<Threat[]> {
    if (ids.length === 0) return [];
    const rows = await db
      .selectFrom('threats')
      .selectAll()
      .where('id', 'in', [...ids])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    const targets = await db
      .selectFrom('threat_targets')
      .selectAll()
      .where('threat_id', 'in', [...ids])
      .orderBy('organisation_id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      summary: r.summary,
      source: r.source,
      sourceUrl: r.source_url,
      publishedAt: Number(r.published_at),
      createdAt: Number(r.created_at),
      watchUntil: Number(r.watch_until),
      keywords: JSON.parse(r.keywords) as string[],
      reasons: JSON.parse(r.reasons) as string[],
      targets: targets
        .filter((t) => t.threat_id === r.id)
        .map((t): ThreatTarget => ({
          organisationId: Number(t.organisation_id),
          by: t.matched_by as MatchBy,
          term: t.term,
          watchUntil: Number(t.watch_until),
        })),
    }));
  }

  getThreat(id: string, scope: OrgScope): Promise<Threat | null> {
    return this.run(async () => {
      const [threat] = await this.#threats(this.db, [id]);
      if (!threat) return null;
      return scope === 'all' || threat.targets.some((t) => scope.includes(t.organisationId)) ? threat : null;
    });
  }

  getThreats(ids: readonly string[]): Promise<Threat[]> {
    return this.run(() => this.#threats(this.db, ids));
  }

  /** Newest first. An organisation's reader sees the threats that name it. */
  listThreats(options: ListOptions): Promise<Threat[]> {
    return this.run(async () => {
      let q = this.db
        .selectFrom('threats')
        .select('id')
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(options.limit);
      if (options.before !== undefined) q = q.where('created_at', '<', options.before);
      const scope = options.scope;
      if (scope !== 'all') {
        if (scope.length === 0) return [];
        q = q.where(
          'id',
          'in',
          this.db
            .selectFrom('threat_targets')
            .select('threat_id')
            .where('organisation_id', 'in', [...scope]),
        );
      }
      return this.#threats(
        this.db,
        (await q.execute()).map((r) => r.id),
      );
    });
  }

  /** Organisations on heightened watch at `now`, each with the latest threat that put it there. */
  activeTargets(now: number): Promise<ActiveTarget[]> {
    return this.run(async () => {
      const rows = await this.db
        .selectFrom('threat_targets')
        .innerJoin('threats', 'threats.id', 'threat_targets.threat_id')
        .select([
          'threat_targets.organisation_id as organisationId',
          'threat_targets.threat_id as threatId',
          'threat_targets.watch_until as watchUntil',
          'threats.created_at as createdAt',
          'threats.title as title',
        ])
        .where('threat_targets.watch_until', '>', now)
        .orderBy('threats.created_at', 'asc')
        .execute();
      const latest = new Map<number, ActiveTarget>();
      for (const r of rows)
        latest.set(Number(r.organisationId), {
          organisationId: Number(r.organisationId),
          threatId: r.threatId,
          title: r.title,
          watchUntil: Number(r.watchUntil),
        });
      return [...latest.values()];
    });
  }

  addClaim(claim: NewClaim): Promise<Claim> {
    return this.run(async () => {
      const row = await this.db
        .insertInto('claims')
        .values({
          id: claim.id,
          text: claim.text,
          source: claim.source,
          source_url: claim.sourceUrl,
          target_url: claim.targetUrl,
          asserts: claim.asserts,
          status: 'pending',
          summary: '',
          organisation_id: claim.organisationId,
          site_id: claim.siteId,
          threat_id: claim.threatId,
          incident_id: null,
          check_ids: '[]',
          created_at: claim.createdAt,
          checked_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toClaim(row);
    });
  }

  settleClaim(id: string, outcome: ClaimOutcome): Promise<Claim> {
    return this.run(async () => {
      const row = await this.db
        .updateTable('claims')
        .set({
          status: outcome.status,
          summary: outcome.summary,
          incident_id: outcome.incidentId,
          check_ids: JSON.stringify(outcome.checkIds),
          checked_at: outcome.checkedAt,
          organisation_id: outcome.organisationId,
          site_id: outcome.siteId,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toClaim(row);
    });
  }

  getClaim(id: string, scope: OrgScope): Promise<Claim | null> {
    return this.run(async () => {
      const row = await this.db.selectFrom('claims').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return null;
      const claim = toClaim(row);
      return scope === 'all' || (claim.organisationId !== null && scope.includes(claim.organisationId)) ? claim : null;
    });
  }

  listClaims(options: ListOptions & { status?: ClaimStatus }): Promise<Claim[]> {
    return this.run(async () => {
      let q = this.db
        .selectFrom('claims')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(options.limit);
      if (options.before !== undefined) q = q.where('created_at', '<', options.before);
      if (options.status) q = q.where('status', '=', options.status);
      const scope = options.scope;
      if (scope !== 'all') {
        if (scope.length === 0) return [];
        q = q.where('organisation_id', 'in', [...scope]);
      }
      return (await q.execute()).map(toClaim);
    });
  }

  /** Claims about the given incidents or threats, or made within the window: what a STIX export of them carries. */
  claimsFor(
    incidentIds: readonly number[],
    window: { from: number; to: number },
    threatIds: readonly string[] = [],
  ): Promise<Claim[]> {
    return this.run(async () => {
      const rows = await this.db
        .selectFrom('claims')
        .selectAll()
        .where((eb) => {
          const inWindow = eb.and([eb('created_at', '>=', window.from), eb('created_at', '<=', window.to)]);
          const about = [inWindow];
          if (incidentIds.length > 0) about.push(eb('incident_id', 'in', [...incidentIds]));
          if (threatIds.length > 0) about.push(eb('threat_id', 'in', [...threatIds]));
          return eb.or(about);
        })
        .orderBy('created_at', 'asc')
        .limit(5_000)
        .execute();
      return rows.map(toClaim);
    });
  }
}
