/**
 * Case work on incidents (migration 0016): analysts' notes and the one assignee of an incident.
 * Notes are only ever appended (the audit log records who posted them, and the row says who wrote
 * what, when); the assignee is replaced or cleared.
 */
import type { Generated, Selectable } from 'kysely';
import { Repository } from '../store/repository.ts';
import type { EpochMs } from '../store/tables.ts';

export interface IncidentNotesTable {
  id: Generated<number>;
  incident_id: number;
  body: string;
  author: string;
  created_at: EpochMs;
}

export interface IncidentAssigneesTable {
  incident_id: number;
  assignee: string;
  assigned_by: string;
  assigned_at: EpochMs;
}

// A type alias, not an interface: withTables wants an indexable record.
export type CaseTables = {
  incident_notes: IncidentNotesTable;
  incident_assignees: IncidentAssigneesTable;
};

export interface IncidentNote {
  id: number;
  incidentId: number;
  body: string;
  author: string;
  createdAt: number;
}

export interface IncidentAssignment {
  assignee: string;
  assignedBy: string;
  assignedAt: number;
}

export interface IncidentCase {
  assignee: IncidentAssignment | null;
  notes: IncidentNote[];
}

function toNote(row: Selectable<IncidentNotesTable>): IncidentNote {
  return {
    id: Number(row.id),
    incidentId: Number(row.incident_id),
    body: row.body,
    author: row.author,
    createdAt: Number(row.created_at),
  };
}

export class CaseStore extends Repository<CaseTables> {
  /** The notes, oldest first, and the assignee. */
  caseOf(incidentId: number): Promise<IncidentCase> {
    return this.run(async () => {
      const [notes, assignee] = await Promise.all([
        this.db
          .selectFrom('incident_notes')
          .selectAll()
          .where('incident_id', '=', incidentId)
          .orderBy('id', 'asc')
          .execute(),
        this.db.selectFrom('incident_assignees').selectAll().where('incident_id', '=', incidentId).executeTakeFirst(),
      ]);
      return {
        notes: notes.map(toNote),
        assignee: assignee
          ? { assignee: assignee.assignee, assignedBy: assignee.assigned_by, assignedAt: Number(assignee.assigned_at) }
          : null,
      };
    });
  }

  addNote(incidentId: number, body: string, author: string, at: number): Promise<IncidentNote> {
    return this.run(async () =>
      toNote(
        await this.db
          .insertInto('incident_notes')
          .values({ incident_id: incidentId, body, author, created_at: at })
          .returningAll()
          .executeTakeFirstOrThrow(),
      ),
    );
  }

  /** Sets (or, with null, clears) the assignee: one row per incident, replaced in one transaction. */
  assign(incidentId: number, assignee: string | null, by: string, at: number): Promise<IncidentAssignment | null> {
    return this.run(() =>
      this.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('incident_assignees').where('incident_id', '=', incidentId).execute();
        if (assignee === null) return null;
        await trx
          .insertInto('incident_assignees')
          .values({ incident_id: incidentId, assignee, assigned_by: by, assigned_at: at })
          .execute();
        return { assignee, assignedBy: by, assignedAt: at };
      }),
    );
  }
}
