/**
 * A loopback RDAP service for tests and the demo: `GET /domain/{name}` answers an RFC 9083 domain
 * object (expiration event, registrar entity, name servers) from what the caller sets; other names 404.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestRegistration {
  expiresAt: number;
  registrar: string;
  nameservers?: string[];
}

export interface TestRdapServer {
  baseUrl: string;
  set(domain: string, registration: TestRegistration): void;
  close(): Promise<void>;
}

export function rdapDomainObject(domain: string, r: TestRegistration): unknown {
  return {
    rdapConformance: ['rdap_level_0'],
    objectClassName: 'domain',
    handle: `${domain.toUpperCase()}-TEST`,
    ldhName: domain,
    status: ['active'],
    events: [
      { eventAction: 'registration', eventDate: new Date(r.expiresAt - 365 * 86_400_000).toISOString() },
      { eventAction: 'expiration', eventDate: new Date(r.expiresAt).toISOString() },
    ],
    entities: [
      {
        objectClassName: 'entity',
        roles: ['registrar'],
        vcardArray: [
          'vcard',
          [
            ['version', {}, 'text', '4.0'],
            ['fn', {}, 'text', r.registrar],
          ],
        ],
      },
    ],
    nameservers: (r.nameservers ?? []).map((ldhName) => ({ objectClassName: 'nameserver', ldhName })),
  };
}

export async function startTestRdapServer(): Promise<TestRdapServer> {
  const registrations = new Map<string, TestRegistration>();
  const server = createServer((req, res) => {
    const match = /^\/rdap\/domain\/([^/?]+)$/.exec(req.url ?? '');
    const domain = match ? decodeURIComponent(match[1]!).toLowerCase() : null;
    const r = domain ? registrations.get(domain) : undefined;
    if (!domain || !r) {
      res.writeHead(404, { 'content-type': 'application/rdap+json' });
      res.end(JSON.stringify({ errorCode: 404, title: 'Not Found' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rdap+json' });
    res.end(JSON.stringify(rdapDomainObject(domain, r)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/rdap`,
    set: (domain, registration) => registrations.set(domain.toLowerCase(), registration),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
