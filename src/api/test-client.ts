/**
 * For tests that call the API: the typed client (`hc` over src/api/contract.ts) sending its requests
 * straight to `app.request`, no socket. A test that reads a field the route does not answer, or sends a
 * query or body it does not take, fails to compile; `ok` and `failure` read the answer's body with the
 * type of its status instead of a hand-written cast.
 */
import { hc, type ClientResponse } from 'hono/client';
import type { ApiRoutes, OkBody } from './contract.ts';
import type { ApiApp } from './types.ts';

export type ApiClient = ReturnType<typeof hc<ApiRoutes>>['api'];

/** `client.pages[':id'].$get({ param: { id: '1' } })`, answered by this app in process, with these headers. */
export function testClient(app: ApiApp, headers: Record<string, string> = {}): ApiClient {
  return hc<ApiRoutes>('http://localhost', {
    fetch: (input: string | URL | Request, init?: RequestInit) => app.request(input, init),
    headers,
  }).api;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any typed answer: its body type is read from it
type AnyResponse = ClientResponse<any, number, any>;

/** The body of an error answer (4xx, 5xx) of this route. */
export type FailureBody<R> =
  R extends ClientResponse<infer Body, infer Status, 'json'>
    ? Status extends 200 | 201 | 202 | 204
      ? never
      : Body
    : never;

/** The success body of a typed answer; throws (failing the test) with the status and body otherwise. */
export async function ok<R extends AnyResponse>(answer: R | Promise<R>): Promise<OkBody<R>> {
  return (await okWithText(answer)).body;
}

/** The success body and its raw text (to check what the answer must never contain). */
export async function okWithText<R extends AnyResponse>(
  answer: R | Promise<R>,
): Promise<{ text: string; body: OkBody<R> }> {
  const res = await answer;
  const text = String(await res.text());
  if (!res.ok) throw new Error(`expected a success, got ${res.status}: ${text.slice(0, 300)}`);
  return { text, body: (text === '' ? undefined : JSON.parse(text)) as OkBody<R> };
}

/** The error body of a typed answer; throws (failing the test) when the answer is a success. */
export async function failure<R extends AnyResponse>(answer: R | Promise<R>): Promise<FailureBody<R>> {
  const res = await answer;
  const text = String(await res.text());
  if (res.ok) throw new Error(`expected a failure, got ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as FailureBody<R>;
}

/** The document /openapi.json serves: the one `app.getOpenAPI31Document` builds from the route definitions. */
export type OpenApiDocument = ReturnType<ApiApp['getOpenAPI31Document']>;

/** Reads the served /openapi.json (outside the typed routes: it describes them); it must list paths. */
export async function openApiDocument(
  answer: Response | Promise<Response>,
): Promise<OpenApiDocument & { paths: NonNullable<OpenApiDocument['paths']> }> {
  const doc = (await (await answer).json()) as OpenApiDocument;
  if (!doc.paths) throw new Error('the OpenAPI document lists no paths');
  return { ...doc, paths: doc.paths };
}
