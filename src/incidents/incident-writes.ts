/**
 * The incident writes that run inside one transaction (a check's rollup, analyst actions): read the
 * rollup state, write the planned changes and their timeline, and put the notifications they owe in
 * the outbox in that same transaction.
 */
import type { IncidentChange, RollupPlan, RollupState } from '../core/incidents/index.ts';
import type { NewOutboxEntry } from '../alert/types.ts';
import type { CompiledQuery, Selectable } from 'kysely';
import type { Db } from '../store/tables.ts';
import { newOutboxRow } from '../alert/outbox-table.ts';
import { runHeld } from '../store/held-connection.ts';
import { eventRow, newIncidentRow, patchRow, toEvent, toIncident, toSnapshot } from './rows.ts';
import type { IncidentTables } from './tables.ts';
import type { Incident, IncidentEvent } from '../core/incidents/records.ts';

/** A transaction or a connection held for one: both are a Kysely over the same tables. */
type Trx = Db<IncidentTables>;

/** The outbox entries an event causes (none for most). Pure: decided by the router from config. */
export type Router = (event: IncidentEvent, incident: Incident) => NewOutboxEntry[];

export interface StoredRollup {
  page: Incident | null;
  site: Incident | null;
  events: IncidentEvent[];
}

export const ACTIVE = ['open', 'acknowledged'];

export type RollupSnapshot = RollupState & { siteIncident: Incident | null };

/** The incidents a page's rollup reads: the page's active or suppressing ones and its site's active ones. */
export function rollupRowsQuery(db: Trx, pageId: number, siteId: number) {
  return db
    .selectFrom('incidents')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('page_id', '=', pageId), eb.or([eb('state', 'in', ACTIVE), eb('suppressing', '=', 1)])]),
        eb.and([eb('site_id', '=', siteId), eb('state', 'in', ACTIVE)]),
      ]),
    )
    .orderBy('id', 'desc');
}

export type RollupRows = (pageId: number, siteId: number) => CompiledQuery<Selectable<IncidentTables['incidents']>>;

/** `rows` is the store's compiled `rollupRowsQuery` (reusable-query.ts): it runs for every check. */
export async function readRollupState(
  db: Trx,
  rows: RollupRows,
  pageId: number,
  siteId: number,
): Promise<RollupSnapshot> {
  // Held for the one statement: it runs for every check (held-connection.ts).
  const { rows: found } = await runHeld(db, rows(pageId, siteId));
  const all = found.map(toIncident);
  const page = all.find((i) => i.pageId === pageId && i.scope === 'page' && ACTIVE.includes(i.state)) ?? null;
  const fp = all.find((i) => i.pageId === pageId && i.suppressing && i.state === 'false_positive') ?? null;
  const site = all.find((i) => i.scope === 'site' && i.siteId === siteId && ACTIVE.includes(i.state)) ?? null;
  const others = all.filter(
    (i) => i.scope === 'page' && i.siteId === siteId && i.pageId !== pageId && ACTIVE.includes(i.state),
  ).length;
  return {
    page: page ? toSnapshot(page) : null,
    falsePositive: fp ? { id: fp.id, fingerprint: fp.fingerprint } : null,
    site: site ? toSnapshot(site) : null,
    siteOtherActivePages: others,
    siteJoinNotifiedAt: site ? await lastNotifiedJoin(db, site.id) : null,
    siteIncident: site,
  };
}

/** When a page joining the site incident was last notified (bursts of joins are one message). */
async function lastNotifiedJoin(db: Trx, siteIncidentId: number): Promise<number | null> {
  const row = await db
    .selectFrom('incident_events')
    .select((eb) => eb.fn.max('at').as('at'))
    .where('incident_id', '=', siteIncidentId)
    .where('type', '=', 'page-joined')
    .where('notify', '=', 1)
    .executeTakeFirst();
  return row?.at === null || row?.at === undefined ? null : Number(row.at);
}

export async function writePlan(trx: Trx, plan: RollupPlan, route: Router): Promise<StoredRollup> {
  const events: IncidentEvent[] = [];
  // The site first, so a new page incident can point at it.
  const site = plan.site ? await writeChange(trx, plan.site, null, route, events) : null;
  const page = plan.page ? await writeChange(trx, plan.page, site?.id ?? null, route, events) : null;
  if (plan.endSilence !== null)
    await trx.updateTable('incidents').set({ suppressing: 0 }).where('id', '=', plan.endSilence).execute();
  return { page, site, events };
}

export async function writeChange(
  trx: Trx,
  change: IncidentChange,
  parentId: number | null,
  route: Router,
  out: IncidentEvent[],
): Promise<Incident> {
  let incident: Incident;
  if (change.op === 'open') {
    incident = toIncident(
      await trx
        .insertInto('incidents')
        .values(newIncidentRow(change.incident, parentId))
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
  } else {
    const set = patchRow(change.patch);
    const row =
      Object.keys(set).length > 0
        ? await trx
            .updateTable('incidents')
            .set(set)
            .where('id', '=', change.id)
            .returningAll()
            .executeTakeFirstOrThrow()
        : await trx.selectFrom('incidents').selectAll().where('id', '=', change.id).executeTakeFirstOrThrow();
    incident = toIncident(row);
  }
  for (const draft of change.events) {
    const event = toEvent(
      await trx
        .insertInto('incident_events')
        .values(eventRow(incident.id, draft))
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
    out.push(event);
    if (!event.notify) continue;
    for (const entry of route(event, incident)) await enqueue(trx, entry);
  }
  return incident;
}

/** Insert an outbox row unless the same (channel, key) is already there: that is the de-duplication. */
export async function enqueue(trx: Trx, entry: NewOutboxEntry): Promise<void> {
  await trx
    .insertInto('notification_outbox')
    .values(newOutboxRow(entry))
    .onConflict((oc) => oc.columns(['channel', 'dedup_key']).doNothing())
    .execute();
}
