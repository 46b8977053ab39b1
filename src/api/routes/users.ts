/**
 * Accounts, for admins: list, create, and change (role, organisations, disabled, password reset).
 * Handlers validate and call the AuthStore; passwords are never returned.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { AuthStore } from '../../auth/auth-store.ts';
import { ROLES, type User } from '../../auth/types.ts';
import { StoreConstraintError } from '../../store/errors.ts';
import { ADMIN, declareAccess, principalOf } from '../access.ts';
import { ErrorSchema, IdParam } from '../schemas.ts';
import type { ApiApp } from '../types.ts';

export const UserSchema = z
  .object({
    id: z.number(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    organisationIds: z.union([z.array(z.number()), z.literal('all')]),
    locale: z.enum(['ja', 'en']),
    timeZone: z.string(),
    disabled: z.boolean(),
    mustChangePassword: z.boolean(),
    createdAt: z.number(),
  })
  .openapi('User');
const password = z.string().min(8, { error: 'must be at least 8 characters' }).max(1000);
const timeZone = z.string().refine((tz) => isTimeZone(tz), { error: 'must be an IANA time zone such as Asia/Tokyo' });
const NewUserBody = z
  .object({
    username: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/i, { error: 'must be 1–64 letters, digits, dots, dashes or underscores' }),
    displayName: z.string().trim().min(1).max(100).optional(),
    role: z.enum(ROLES),
    organisationIds: z
      .array(z.number().int().positive())
      .default([])
      .openapi({ description: 'For members and investigators: the organisations they see' }),
    password,
    locale: z.enum(['ja', 'en']).optional(),
    timeZone: timeZone.optional(),
    mustChangePassword: z.boolean().default(true),
  })
  .openapi('NewUser');
const UserPatchBody = z
  .object({
    displayName: z.string().trim().min(1).max(100).optional(),
    role: z.enum(ROLES).optional(),
    organisationIds: z.array(z.number().int().positive()).optional(),
    disabled: z.boolean().optional(),
    password: password.optional().openapi({ description: 'A password reset: ends the account’s sessions' }),
    mustChangePassword: z.boolean().optional(),
    locale: z.enum(['ja', 'en']).optional(),
    timeZone: timeZone.optional(),
  })
  .openapi('UserPatch');
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const listUsers = createRoute({
  method: 'get',
  path: '/api/users',
  tags: ['users'],
  summary: 'Accounts (admin)',
  responses: { 200: json(z.object({ items: z.array(UserSchema) }), 'Accounts') },
});
const createUser = createRoute({
  method: 'post',
  path: '/api/users',
  tags: ['users'],
  summary: 'Create an account (admin)',
  request: { body: { required: true, content: { 'application/json': { schema: NewUserBody } } } },
  responses: {
    201: json(UserSchema, 'Created'),
    400: json(ErrorSchema, 'Invalid request'),
    409: json(ErrorSchema, 'The username is taken'),
  },
});
const patchUser = createRoute({
  method: 'patch',
  path: '/api/users/{id}',
  tags: ['users'],
  summary: 'Change an account: role, organisations, disabled, password reset (admin)',
  request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: UserPatchBody } } } },
  responses: {
    200: json(UserSchema, 'The account'),
    400: json(ErrorSchema, 'Invalid request'),
    404: json(ErrorSchema, 'No such account'),
  },
});

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false; // RangeError: not a time zone this runtime knows
  }
}

export function presentAccount(user: User): z.infer<typeof UserSchema> {
  return user;
}

export function registerUserRoutes(app: ApiApp, deps: { auth: AuthStore; now: () => number }) {
  declareAccess(app, { 'GET /api/users': ADMIN, 'POST /api/users': ADMIN, 'PATCH /api/users/{id}': ADMIN });

  return app
    .openapi(listUsers, async (c) => c.json({ items: (await deps.auth.listUsers()).map(presentAccount) }, 200))

    .openapi(createUser, async (c) => {
      const body = c.req.valid('json');
      try {
        const user = await deps.auth.addUser(
          { ...body, ...(body.displayName ? { displayName: body.displayName } : {}) },
          deps.now(),
        );
        c.set('auditTarget', `users:${user.id}`);
        c.set('auditDetail', { username: user.username, role: user.role });
        return c.json(presentAccount(user), 201);
      } catch (error) {
        if (error instanceof StoreConstraintError)
          return c.json({ error: 'conflict', message: `username ${body.username} is taken` }, 409);
        throw error;
      }
    })

    .openapi(patchUser, async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      if (
        id === principalOf(c).user.id &&
        (body.disabled === true || (body.role !== undefined && body.role !== 'admin'))
      ) {
        return c.json(
          { error: 'bad_request', message: 'an admin cannot disable or demote their own account (ask another admin)' },
          400,
        );
      }
      const user = await deps.auth.updateUser(id, body);
      if (!user) return c.json({ error: 'not_found', message: 'account not found' }, 404);
      // What changed, for the audit row: field names only, never the password.
      c.set('auditDetail', { changed: Object.keys(body).filter((k) => body[k as keyof typeof body] !== undefined) });
      return c.json(presentAccount(user), 200);
    });
}
