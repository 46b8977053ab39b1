/**
 * The caller's organisations for the console's handlers: the auth layer's `orgScope` (access.ts),
 * as the store's OrgScope, and the membership test the handlers use to answer 404 outside it.
 */
import type { Context } from 'hono';
import type { OrgScope } from '../store/types.ts';
import { orgScope } from './access.ts';

export function callerScope(c: Context): OrgScope {
  return orgScope(c);
}

/** Whether an organisation is visible in a scope. Resources outside it answer 404, never 403. */
export function inScope(scope: OrgScope, organisationId: number): boolean {
  return scope === 'all' || scope.includes(organisationId);
}
