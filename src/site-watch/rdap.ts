/**
 * Domain registration by RDAP (RFC 9083): one GET of `{base}/domain/{name}` at the configured RDAP
 * service, read into what the domain watch compares. The base URL is the operator's (config
 * `siteWatch.rdapBaseUrl`), so no SSRF guard applies; the answer is still bounded in time and size.
 */
import { request } from 'undici';
import { readRdapDomain } from '../core/site/domain.ts';
import type { DomainSnapshot } from '../core/site/domain.ts';

/** The RDAP service did not give a usable answer: the look is recorded as failed, nothing is judged. */
export class RdapLookupError extends Error {
  override readonly name = 'RdapLookupError';
}

const MAX_BYTES = 1024 * 1024;

export async function lookupDomain(baseUrl: string, domain: string, timeoutMs: number): Promise<DomainSnapshot> {
  const url = `${baseUrl.replace(/\/+$/, '')}/domain/${encodeURIComponent(domain)}`;
  let body: string;
  try {
    const res = await request(url, {
      headers: { accept: 'application/rdap+json, application/json' },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BYTES) {
        res.body.destroy();
        throw new RdapLookupError(`The RDAP answer for ${domain} is larger than ${MAX_BYTES} bytes.`);
      }
      chunks.push(chunk);
    }
    if (res.statusCode === 404) throw new RdapLookupError(`The RDAP service has no record of ${domain} (HTTP 404).`);
    if (res.statusCode !== 200)
      throw new RdapLookupError(`The RDAP service answered HTTP ${res.statusCode} for ${domain}.`);
    body = Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    if (error instanceof RdapLookupError) throw error;
    throw new RdapLookupError(`RDAP lookup of ${domain} at ${url} failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new RdapLookupError(`The RDAP answer for ${domain} is not JSON.`, { cause: error });
  }
  const read = readRdapDomain(json);
  if (!read) throw new RdapLookupError(`The RDAP answer for ${domain} is not a domain object.`);
  const expiresAt = read.expiration === null ? null : Date.parse(read.expiration);
  return {
    domain,
    expiresAt: expiresAt === null || Number.isNaN(expiresAt) ? null : expiresAt,
    registrar: read.registrar,
    status: read.status,
    nameservers: read.nameservers,
  };
}
