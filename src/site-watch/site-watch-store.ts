/**
 * What the site watches keep (migration 0017): per site and watch, the learnt baseline and the
 * incident it took part in; and every look, with what it saw and found. SQLite and PostgreSQL alike.
 */
import type { Generated, Kysely } from 'kysely';
import type { WatchFinding, WatchKind } from '../core/site/findings.ts';
import type { WatchIncidentMemory } from '../core/site/incident.ts';
import type { Database, DatabaseHandle } from '../store/database.ts';
import { withStoreErrors } from '../store/errors.ts';

interface SiteWatchStateTable {
  site_id: number;
  watch: string;
  baseline: string | null;
  incident_id: number | null;
  fingerprint: string | null;
  healthy_streak: number;
  updated_at: number;
}

interface SiteWatchLooksTable {
  id: Generated<number>;
  site_id: number;
  watch: string;
  at: number;
  last_at: number;
  subject: string;
  outcome: string;
  snapshot: string | null;
  findings: string;
  error: string | null;
  incident_id: number | null;
}

// A type alias, not an interface: withTables wants an indexable record.
type SiteWatchTables = { site_watch_state: SiteWatchStateTable; site_watch_looks: SiteWatchLooksTable };

/** `ok`: nothing to act on; `findings`: something warrants an incident; `error`: the look itself failed. */
export type LookOutcome = 'ok' | 'findings' | 'error';

export interface SiteWatchState {
  baseline: unknown;
  memory: WatchIncidentMemory;
}

export interface NewLook {
  siteId: number;
  watch: WatchKind;
  at: number;
  /** What was looked at: the name resolved, the host:port connected to, the domain asked about, the URL. */
  subject: string;
  outcome: LookOutcome;
  snapshot: unknown;
  findings: WatchFinding[];
  error: string | null;
  incidentId: number | null;
}

export interface Look extends NewLook {
  id: number;
  /** The latest look that saw exactly this (`at` is the first). */
  lastAt: number;
}

const num = (v: number | string | bigint | null): number | null => (v === null ? null : Number(v));

export class SiteWatchStore {
  readonly #target: string;
  readonly #db: Kysely<Database & SiteWatchTables>;

  constructor(handle: DatabaseHandle) {
    this.#target = handle.target;
    this.#db = handle.db.withTables<SiteWatchTables>();
  }

  state(siteId: number, watch: WatchKind): Promise<SiteWatchState | null> {
    return withStoreErrors(this.#target, async () => {
      const row = await this.#db
        .selectFrom('site_watch_state')
        .selectAll()
        .where('site_id', '=', siteId)
        .where('watch', '=', watch)
        .executeTakeFirst();
      if (!row) return null;
      return {
        baseline: row.baseline === null ? null : (JSON.parse(row.baseline) as unknown),
        memory: { incidentId: num(row.incident_id), fingerprint: row.fingerprint, healthyStreak: row.healthy_streak },
      };
    });
  }

  saveState(siteId: number, watch: WatchKind, state: SiteWatchState, at: number): Promise<void> {
    const values = {
      baseline: state.baseline === null ? null : JSON.stringify(state.baseline),
      incident_id: state.memory.incidentId,
      fingerprint: state.memory.fingerprint,
      healthy_streak: state.memory.healthyStreak,
      updated_at: at,
    };
    return withStoreErrors(this.#target, async () => {
      await this.#db
        .insertInto('site_watch_state')
        .values({ site_id: siteId, watch, ...values })
        .onConflict((oc) => oc.columns(['site_id', 'watch']).doUpdateSet(values))
        .execute();
    });
  }

  /**
   * Record a look: a new row when it saw something else than the latest row of its watch, else that
   * row's `lastAt` moves forward. Returns the row's id, and whether it is new.
   */
  addLook(look: NewLook): Promise<{ id: number; inserted: boolean }> {
    const snapshot = look.snapshot === null ? null : JSON.stringify(look.snapshot);
    const findings = JSON.stringify(look.findings);
    return withStoreErrors(this.#target, async () => {
      const latest = await this.#db
        .selectFrom('site_watch_looks')
        .selectAll()
        .where('site_id', '=', look.siteId)
        .where('watch', '=', look.watch)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      const same =
        latest !== undefined &&
        latest.outcome === look.outcome &&
        latest.subject === look.subject &&
        latest.snapshot === snapshot &&
        latest.findings === findings &&
        latest.error === look.error &&
        num(latest.incident_id) === look.incidentId;
      if (same) {
        await this.#db.updateTable('site_watch_looks').set({ last_at: look.at }).where('id', '=', latest.id).execute();
        return { id: Number(latest.id), inserted: false };
      }
      const row = await this.#db
        .insertInto('site_watch_looks')
        .values({
          site_id: look.siteId,
          watch: look.watch,
          at: look.at,
          last_at: look.at,
          subject: look.subject,
          outcome: look.outcome,
          snapshot,
          findings,
          error: look.error,
          incident_id: look.incidentId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id: Number(row.id), inserted: true };
    });
  }

  /** A site's looks by one watch, newest first, keyset-paginated by id. */
  looks(siteId: number, watch: WatchKind, limit: number, beforeId?: number): Promise<Look[]> {
    return withStoreErrors(this.#target, async () => {
      let q = this.#db
        .selectFrom('site_watch_looks')
        .selectAll()
        .where('site_id', '=', siteId)
        .where('watch', '=', watch);
      if (beforeId !== undefined) q = q.where('id', '<', beforeId);
      const rows = await q.orderBy('id', 'desc').limit(limit).execute();
      return rows.map((r) => ({
        id: Number(r.id),
        siteId: Number(r.site_id),
        watch: r.watch as WatchKind,
        at: Number(r.at),
        lastAt: Number(r.last_at),
        subject: r.subject,
        outcome: r.outcome as LookOutcome,
        snapshot: r.snapshot === null ? null : (JSON.parse(r.snapshot) as unknown),
        findings: JSON.parse(r.findings) as WatchFinding[],
        error: r.error,
        incidentId: num(r.incident_id),
      }));
    });
  }
}
