/**
 * The audit log: who wrote what, and who exported evidence, through which credential, and with what
 * answer. Rows are only ever appended.
 */
import { Repository } from '../store/repository.ts';
import type { AuthTables } from './tables.ts';

export interface NewAuditEntry {
  at: number;
  actorId: number | null;
  actorUsername: string | null;
  /** `session`, `token`, or `anonymous` (a failed sign-in). */
  via: 'session' | 'token' | 'anonymous';
  method: string;
  path: string;
  status: number;
  /** What was acted on, e.g. `incident:12` or the path's resource. */
  target: string | null;
  detail: Record<string, unknown>;
}

export interface AuditEntry extends NewAuditEntry {
  id: number;
}

export interface AuditFilter {
  limit: number;
  /** Keyset: entries with a smaller id (newest first). */
  beforeId?: number;
  actorId?: number;
}

export class AuditStore extends Repository<AuthTables> {
  append(entry: NewAuditEntry): Promise<void> {
    return this.run(async () => {
      await this.db
        .insertInto('audit_log')
        .values({
          at: entry.at,
          actor_id: entry.actorId,
          actor_username: entry.actorUsername,
          via: entry.via,
          method: entry.method,
          path: entry.path,
          status: entry.status,
          target: entry.target,
          detail: JSON.stringify(entry.detail),
        })
        .execute();
    });
  }

  /** Newest first. */
  list(filter: AuditFilter): Promise<AuditEntry[]> {
    return this.run(async () => {
      let q = this.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(filter.limit);
      if (filter.beforeId !== undefined) q = q.where('id', '<', filter.beforeId);
      if (filter.actorId !== undefined) q = q.where('actor_id', '=', filter.actorId);
      return (await q.execute()).map((r) => ({
        id: Number(r.id),
        at: Number(r.at),
        actorId: r.actor_id === null ? null : Number(r.actor_id),
        actorUsername: r.actor_username,
        via: r.via as NewAuditEntry['via'],
        method: r.method,
        path: r.path,
        status: Number(r.status),
        target: r.target,
        detail: JSON.parse(r.detail) as Record<string, unknown>,
      }));
    });
  }
}
