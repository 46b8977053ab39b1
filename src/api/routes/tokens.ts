/**
 * API tokens: a user lists, creates and revokes their own; an admin sees and revokes everyone's.
 * The secret is in the creation answer only. A token may create and revoke tokens only with the
 * `admin` scope, and only create tokens with a subset of its own scopes that expire no later than it
 * (auth/token-scopes.ts): a leaked token can never be turned into a stronger or longer-lived one.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { TOKEN_SCOPES, type ApiToken, type TokenStore } from '../../auth/token-store.ts';
import { cappedExpiry, scopesBeyond } from '../../auth/token-scopes.ts';
import { declareAccess, principalOf, SIGNED_IN } from '../access.ts';
import { ErrorSchema, IdParam } from '../schemas.ts';
import type { ApiApp } from '../types.ts';

export interface TokenRouteDeps {
  tokens: TokenStore;
  now: () => number;
}

const TokenSchema = z
  .object({
    id: z.number(),
    userId: z.number(),
    name: z.string(),
    scopes: z.array(z.enum(TOKEN_SCOPES)),
    createdAt: z.number(),
    lastUsedAt: z.number().nullable(),
    expiresAt: z.number().nullable(),
    revokedAt: z.number().nullable(),
  })
  .openapi('ApiToken');
const NewTokenBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    scopes: z.array(z.enum(TOKEN_SCOPES)).min(1).default(['read']).openapi({
      description:
        '`read` (GET), `write` (other methods; does not include read), `admin` (manage tokens; admin-only routes). A token can only create tokens with a subset of its own scopes.',
    }),
    expiresInDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .optional()
      .openapi({ description: 'Days until the token stops working (default: never)' }),
  })
  .openapi('NewApiToken');
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const listTokens = createRoute({
  method: 'get',
  path: '/api/tokens',
  tags: ['auth'],
  summary: 'API tokens: your own (an admin sees everyone’s), newest first',
  responses: { 200: json(z.object({ items: z.array(TokenSchema) }), 'Tokens') },
});
const createToken = createRoute({
  method: 'post',
  path: '/api/tokens',
  tags: ['auth'],
  summary:
    'Create an API token for yourself; the secret (mmr_…) is shown only in this answer. Send it as "Authorization: Bearer <secret>".',
  request: { body: { required: true, content: { 'application/json': { schema: NewTokenBody } } } },
  responses: {
    201: json(z.object({ token: TokenSchema, secret: z.string() }), 'Created'),
    400: json(ErrorSchema, 'Invalid request'),
    403: json(ErrorSchema, 'A token without the admin scope, or asking for scopes it does not have'),
  },
});
const revokeToken = createRoute({
  method: 'delete',
  path: '/api/tokens/{id}',
  tags: ['auth'],
  summary: 'Revoke a token (yours; an admin may revoke any)',
  request: { params: IdParam },
  responses: {
    204: { description: 'Revoked' },
    403: json(ErrorSchema, 'A token without the admin scope'),
    404: json(ErrorSchema, 'No such token of yours, or already revoked'),
  },
});

export function registerTokenRoutes(app: ApiApp, deps: TokenRouteDeps) {
  declareAccess(app, {
    'GET /api/tokens': SIGNED_IN,
    'POST /api/tokens': SIGNED_IN,
    'DELETE /api/tokens/{id}': SIGNED_IN,
  });
  const mine = (c: Parameters<typeof principalOf>[0], t: ApiToken | null): t is ApiToken => {
    const { user } = principalOf(c);
    return t !== null && (t.userId === user.id || user.role === 'admin');
  };

  return app
    .openapi(listTokens, async (c) => {
      const { user } = principalOf(c);
      return c.json({ items: await deps.tokens.list(user.role === 'admin' ? undefined : user.id) }, 200);
    })

    .openapi(createToken, async (c) => {
      const body = c.req.valid('json');
      const principal = principalOf(c);
      const { user } = principal;
      const scopes = [...new Set(body.scopes)];
      if (user.role === 'investigator' && scopes.some((s) => s !== 'read')) {
        return c.json(
          { error: 'bad_request', message: 'investigators have read-only access: ask for scopes ["read"]' },
          400,
        );
      }
      if (!principal.scopes.includes('admin'))
        return c.json(
          { error: 'forbidden', message: 'this API token has no "admin" scope, so it cannot create tokens' },
          403,
        );
      const beyond = scopesBeyond(scopes, principal.scopes);
      if (beyond.length > 0)
        return c.json(
          {
            error: 'forbidden',
            message: `a token can only create tokens with its own scopes; it lacks ${beyond.join(', ')}`,
          },
          403,
        );
      const now = deps.now();
      const asked = body.expiresInDays !== undefined ? now + body.expiresInDays * 86_400_000 : null;
      const parent = principal.tokenId !== null ? await deps.tokens.get(principal.tokenId) : null;
      const expiresAt = cappedExpiry(asked, parent?.expiresAt ?? null);
      const created = await deps.tokens.create({ userId: user.id, name: body.name, scopes, expiresAt }, now);
      c.set('auditTarget', `token:${created.token.id}`);
      return c.json({ token: created.token, secret: created.secret }, 201);
    })

    .openapi(revokeToken, async (c) => {
      const { id } = c.req.valid('param');
      // A token may always revoke itself: whoever finds a leaked token can kill it (as secret scanners do).
      const principal = principalOf(c);
      if (principal.tokenId !== id && !principal.scopes.includes('admin')) {
        return c.json(
          { error: 'forbidden', message: 'this API token has no "admin" scope, so it can revoke only itself' },
          403,
        );
      }
      const token = await deps.tokens.get(id);
      if (!mine(c, token) || !(await deps.tokens.revoke(id, deps.now())))
        return c.json({ error: 'not_found', message: 'token not found' }, 404);
      return c.body(null, 204);
    });
}
