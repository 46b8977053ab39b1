/**
 * The contract is checked by the compiler: these tests fail `npm run typecheck` (an unused
 * `@ts-expect-error` is an error, and so is a wrong `expectTypeOf`) if the typed client stops knowing
 * a route's answer, or starts accepting a field, path, query or body the server does not have.
 * The last test keeps contract.ts's list of route modules the same as the one createApi registers.
 */
import { readFileSync } from 'node:fs';
import { hc, type InferRequestType } from 'hono/client';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ApiRoutes, OkBody } from './contract.ts';

const api = hc<ApiRoutes>('http://localhost').api;
type Answer<Endpoint extends (...args: never[]) => Promise<unknown>> = OkBody<Awaited<ReturnType<Endpoint>>>;

describe('the API contract', () => {
  it('gives every answer the type of its route’s zod schema', () => {
    type Incident = Answer<typeof api.incidents.$get>['items'][number];
    expectTypeOf<Incident['state']>().toEqualTypeOf<'open' | 'acknowledged' | 'resolved' | 'false_positive'>();
    expectTypeOf<Incident['pageId']>().toEqualTypeOf<number | null>();
    expectTypeOf<Answer<(typeof api.pages)[':id']['$get']>['status']>().toEqualTypeOf<
      'pending' | 'unchanged' | 'changed' | 'suspicious' | 'tampered' | 'down'
    >();
    // An action answers the incident and its timeline; a 204 answers nothing.
    expectTypeOf<Answer<(typeof api.incidents)[':id']['acknowledge']['$post']>>().toHaveProperty('timeline');
    expectTypeOf<Answer<(typeof api.tokens)[':id']['$delete']>>().toEqualTypeOf<undefined>();
    expectTypeOf<Answer<typeof api.auth.me.$get>['user']['role']>().toEqualTypeOf<
      'admin' | 'analyst' | 'member' | 'investigator'
    >();
  });

  it('refuses a field the server does not answer, and a path, query or body it does not take', () => {
    type Page = Answer<(typeof api.pages)[':id']['$get']>;
    // @ts-expect-error -- a page has no `title` (the overview's pages do; GET /api/pages/{id} does not)
    expectTypeOf<Page['title']>().toBeString();
    // @ts-expect-error -- no route answers GET /api/incident (the route is /api/incidents)
    expectTypeOf(api.incident).not.toBeUndefined();
    type IncidentQuery = InferRequestType<typeof api.incidents.$get>['query'];
    expectTypeOf<{ state: 'active'; limit: 5 }>().toMatchTypeOf<IncidentQuery>();
    // @ts-expect-error -- `sleeping` is not an incident state the list filters by
    expectTypeOf<{ state: 'sleeping' }>().toMatchTypeOf<IncidentQuery>();
    type TargetBody = InferRequestType<typeof api.targets.$post>['json'];
    expectTypeOf<TargetBody>().toMatchTypeOf<{ url: string; organisation: string }>();
    // @ts-expect-error -- a target is added with `url`, not `href`
    expectTypeOf<{ href: string; organisation: string }>().toMatchTypeOf<TargetBody>();
  });

  it('lists every route module createApi registers', () => {
    const registered = (file: string) =>
      [...readFileSync(new URL(file, import.meta.url), 'utf8').matchAll(/\bregister(\w+)Routes\b/g)]
        .map((m) => m[1])
        .filter((name, i, all) => all.indexOf(name) === i)
        .sort();
    expect(registered('./contract.ts')).toEqual(registered('./app.ts'));
    expect(registered('./app.ts').length).toBeGreaterThan(15);
  });
});
