/**
 * Case work on an incident: its notes and its assignee. Every write is audited by the audit
 * middleware (who, when, which incident); the note row itself keeps its author and time, and the
 * signed-in user is always the author, whatever a body says. Registered with the incident stage.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { CaseStore } from '../../incidents/case-store.ts';
import type { IncidentStore } from '../../incidents/incident-store.ts';
import { canSee, declareAccess, principalOf, SCOPED, scopedWrite } from '../access.ts';
import { notFound } from '../errors.ts';
import { ErrorSchema, IdParam } from '../schemas.ts';
import type { ApiApp } from '../types.ts';

export interface CaseworkApiDeps {
  incidents: Pick<IncidentStore, 'get'>;
  cases: CaseStore;
  now: () => number;
}

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const NoteSchema = z
  .object({ id: z.number(), incidentId: z.number(), body: z.string(), author: z.string(), createdAt: z.number() })
  .openapi('IncidentNote');
const AssignmentSchema = z
  .object({ assignee: z.string(), assignedBy: z.string(), assignedAt: z.number() })
  .openapi('IncidentAssignment');
const CaseSchema = z
  .object({ assignee: AssignmentSchema.nullable(), notes: z.array(NoteSchema) })
  .openapi('IncidentCase');
const NoteBody = z.object({ body: z.string().trim().min(1).max(4000) }).openapi('NewIncidentNote');
const AssigneeBody = z
  .object({
    assignee: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .nullable()
      .openapi({ description: 'A username; null clears the assignee' }),
  })
  .openapi('IncidentAssigneeChange');
const missing = json(ErrorSchema, 'No such incident');

const getCase = createRoute({
  method: 'get',
  path: '/api/incidents/{id}/case',
  tags: ['incidents'],
  summary: 'An incident’s case work: its assignee and its notes, oldest first',
  request: { params: IdParam },
  responses: { 200: json(CaseSchema, 'The case'), 404: missing },
});
const addNote = createRoute({
  method: 'post',
  path: '/api/incidents/{id}/notes',
  tags: ['incidents'],
  summary: 'Add a note to an incident (the signed-in user is its author; audited)',
  request: { params: IdParam, body: { content: { 'application/json': { schema: NoteBody } }, required: true } },
  responses: { 201: json(NoteSchema, 'The note'), 400: json(ErrorSchema, 'Invalid body'), 404: missing },
});
const setAssignee = createRoute({
  method: 'put',
  path: '/api/incidents/{id}/assignee',
  tags: ['incidents'],
  summary: 'Assign an incident to someone, or clear its assignee with null (audited)',
  request: { params: IdParam, body: { content: { 'application/json': { schema: AssigneeBody } }, required: true } },
  responses: {
    200: json(z.object({ assignee: AssignmentSchema.nullable() }), 'The assignee now'),
    400: json(ErrorSchema, 'Invalid body'),
    404: missing,
  },
});

export function registerCaseworkRoutes(app: ApiApp, deps: CaseworkApiDeps) {
  const writers = scopedWrite(['admin', 'analyst', 'member']);
  declareAccess(app, {
    'GET /api/incidents/{id}/case': SCOPED,
    'POST /api/incidents/{id}/notes': writers,
    'PUT /api/incidents/{id}/assignee': writers,
  });
  const visible = async (c: Parameters<typeof canSee>[0], id: number) => {
    const incident = await deps.incidents.get(id);
    return incident !== null && canSee(c, incident.organisationId);
  };
  return app
    .openapi(getCase, async (c) => {
      const id = c.req.valid('param').id;
      if (!(await visible(c, id))) return notFound(c, 'incident');
      return c.json(await deps.cases.caseOf(id), 200);
    })
    .openapi(addNote, async (c) => {
      const id = c.req.valid('param').id;
      if (!(await visible(c, id))) return notFound(c, 'incident');
      const note = await deps.cases.addNote(id, c.req.valid('json').body, principalOf(c).user.username, deps.now());
      c.set('auditDetail', { noteId: note.id });
      return c.json(note, 201);
    })
    .openapi(setAssignee, async (c) => {
      const id = c.req.valid('param').id;
      if (!(await visible(c, id))) return notFound(c, 'incident');
      const { assignee } = c.req.valid('json');
      const assignment = await deps.cases.assign(id, assignee, principalOf(c).user.username, deps.now());
      c.set('auditDetail', { assignee });
      return c.json({ assignee: assignment }, 200);
    });
}
