/**
 * TheHive 5 REST client for the two calls a case push makes: POST /api/v1/case and
 * POST /api/v1/case/{id}/observable (JSON, or multipart with `attachment` and `_json` for a file).
 * Authenticated by `Authorization: Bearer <API key>`, optionally in an organisation (`X-Organisation`).
 * Failures that may pass (5xx, 408, 429, network) are retried with backoff; the rest are typed errors
 * that say what the caller should do.
 */
import { Agent, FormData, request } from 'undici';
import type { TheHiveCaseInput, TheHiveObservable } from './case.ts';

export interface TheHiveSettings {
  url: string;
  apiKey: string;
  organisation: string;
  timeoutMs: number;
  retries: number;
}

/** Something went wrong talking to TheHive; `retryable` says whether trying again later may help. */
export class TheHiveError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status: number | null,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** No TheHive URL or API key configured: set exports.thehive.url and MAMORI_EXPORTS_THEHIVE_API_KEY. */
export class TheHiveNotConfiguredError extends TheHiveError {
  constructor(what: string) {
    super(`TheHive push is not configured: ${what}`, false, null);
  }
}

/** 401/403: the API key is wrong, expired, or lacks the manageCase/manageObservable permissions. Fix the key; do not retry. */
export class TheHiveAuthError extends TheHiveError {}

/** 4xx other than auth: TheHive refused the request itself (a bug or a version mismatch). Do not retry. */
export class TheHiveRejectedError extends TheHiveError {}

/** 5xx, 408, 429 or the network, after every retry: TheHive is unavailable. Push again later. */
export class TheHiveUnavailableError extends TheHiveError {}

export interface CreatedCase {
  id: string;
  number: number | null;
}

function classify(status: number, text: string, url: string): TheHiveError {
  const detail = text.slice(0, 300);
  if (status === 401 || status === 403)
    return new TheHiveAuthError(
      `TheHive refused the API key (HTTP ${status} from ${url}): check exports.thehive.apiKey and its permissions. ${detail}`,
      false,
      status,
    );
  if (status === 408 || status === 429 || status >= 500)
    return new TheHiveUnavailableError(`TheHive is unavailable (HTTP ${status} from ${url}). ${detail}`, true, status);
  return new TheHiveRejectedError(
    `TheHive rejected the request (HTTP ${status} from ${url}). ${detail}`,
    false,
    status,
  );
}

export interface TheHiveClientOptions {
  /** Waits between retries (tests pass a short one); default doubles from half a second. */
  backoffMs?: (attempt: number) => number;
}

export class TheHiveClient {
  readonly #settings: TheHiveSettings;
  readonly #agent: Agent;
  readonly #backoff: (attempt: number) => number;

  constructor(settings: TheHiveSettings, options: TheHiveClientOptions = {}) {
    if (settings.url === '') throw new TheHiveNotConfiguredError('exports.thehive.url is empty');
    if (settings.apiKey === '') throw new TheHiveNotConfiguredError('exports.thehive.apiKey is empty');
    this.#settings = settings;
    this.#agent = new Agent({ headersTimeout: settings.timeoutMs, bodyTimeout: settings.timeoutMs });
    this.#backoff = options.backoffMs ?? ((attempt) => 500 * 2 ** attempt);
  }

  async createCase(input: TheHiveCaseInput): Promise<CreatedCase> {
    const body = (await this.#send('/api/v1/case', () => ({
      body: JSON.stringify(input),
      headers: { 'content-type': 'application/json' },
    }))) as { _id?: unknown; number?: unknown };
    if (typeof body._id !== 'string')
      throw new TheHiveRejectedError('TheHive answered the case creation without an _id', false, null);
    return { id: body._id, number: typeof body.number === 'number' ? body.number : null };
  }

  async addObservable(caseId: string, o: TheHiveObservable): Promise<void> {
    const path = `/api/v1/case/${encodeURIComponent(caseId)}/observable`;
    await this.#send(path, (): { body: string | FormData; headers: Record<string, string> } => {
      if (!o.attachment) return { body: JSON.stringify(o.observable), headers: { 'content-type': 'application/json' } };
      // A fresh form per attempt: a body stream is consumed once.
      const form = new FormData();
      form.set(
        'attachment',
        new Blob([new Uint8Array(o.attachment.data)], { type: o.attachment.mediaType }),
        o.attachment.filename,
      );
      form.set('_json', JSON.stringify(o.observable));
      return { body: form, headers: {} };
    });
  }

  close(): Promise<void> {
    return this.#agent.close();
  }

  async #send(
    path: string,
    make: () => { body: string | FormData; headers: Record<string, string> },
  ): Promise<unknown> {
    const url = new URL(path, this.#settings.url.endsWith('/') ? this.#settings.url : `${this.#settings.url}/`);
    let last: TheHiveError | null = null;
    for (let attempt = 0; attempt <= this.#settings.retries; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, this.#backoff(attempt - 1)));
      const { body, headers } = make();
      try {
        const response = await request(url, {
          method: 'POST',
          body,
          headers: {
            ...headers,
            accept: 'application/json',
            authorization: `Bearer ${this.#settings.apiKey}`,
            ...(this.#settings.organisation ? { 'x-organisation': this.#settings.organisation } : {}),
          },
          dispatcher: this.#agent,
          signal: AbortSignal.timeout(this.#settings.timeoutMs),
        });
        const text = await response.body.text();
        if (response.statusCode >= 200 && response.statusCode < 300) return parseAnswer(text, url.origin);
        last = classify(response.statusCode, text, url.origin);
      } catch (error) {
        if (error instanceof TheHiveError) throw error;
        last = new TheHiveUnavailableError(`TheHive at ${url.origin} did not answer: ${describe(error)}`, true, null, {
          cause: error,
        });
      }
      if (!last.retryable) throw last;
    }
    throw last ?? new TheHiveUnavailableError('TheHive push failed', true, null);
  }
}

/** A 2xx answer that is not JSON is not TheHive's: retrying would create the case twice, so it is refused. */
function parseAnswer(text: string, origin: string): unknown {
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new TheHiveRejectedError(`${origin} answered with something that is not TheHive's JSON`, false, null);
  }
}

function describe(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e instanceof Error && parts.length < 4; e = e.cause) parts.push(e.message || e.name);
  return parts.join(': ') || String(error);
}
