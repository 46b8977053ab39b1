/**
 * The demo's site watch story, on loopback: a DNS server that answers for every demo site's name,
 * and an HTTPS member portal whose certificate (from a demo CA) ends in five days. Mid-demo the
 * name servers of one ministry's zone are moved to an attacker's: a DNS hijack. Both become
 * incidents through the same pipeline as the page incidents. Needs the openssl binary (for the
 * certificates); without it the certificate half is left out and said so.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConfigOverrides } from '../config/schema.ts';
import { createTestPki, type TestPki } from '../evidence/test-pki.ts';
import { startTestDnsServer, type TestDnsServer, type TestZone } from '../site-watch/test-dns-server.ts';
import type { EstateServer } from './estate-server.ts';

/** The site whose zone is hijacked, and the organisation that gets the HTTPS portal. */
export const DNS_HIJACK_SITE = 'moj';
const PORTAL_ORGANISATION = 'recording';
export const PORTAL_NAME = 'portal.recording.demo.test';

export interface SiteWatchStory {
  /** The `siteWatch` config section for the demo. */
  config: NonNullable<ConfigOverrides['siteWatch']>;
  /** The portal site to add to the estate (no pages: only its certificate is watched), or null without openssl. */
  portal: { organisation: string; origin: string; name: string } | null;
  /** Names the two story incidents are told by. */
  hijackedName: string;
  hijack(): void;
  close(): Promise<void>;
}

const nameOf = (siteKey: string) => `www.${siteKey}.demo.test`;

function zoneFor(server: EstateServer, hijacked: boolean): TestZone {
  const zone: TestZone = {};
  for (const { key } of server.sites) {
    const apex = `${key}.demo.test`;
    zone[nameOf(key)] = { A: ['127.0.0.1'] };
    zone[apex] = {
      NS:
        hijacked && key === DNS_HIJACK_SITE
          ? ['ns1.bulletproof-dns.example']
          : ['ns1.gov-dns.test', 'ns2.gov-dns.test'],
      MX: ['10 mx.gov-mail.test'],
      TXT: ['v=spf1 include:gov-mail.test -all'],
      CAA: ['0 issue demo-ca.test'],
    };
    zone[`_dmarc.${apex}`] = { TXT: ['v=DMARC1; p=reject'] };
  }
  zone[PORTAL_NAME] = { A: ['127.0.0.1'] };
  return zone;
}

async function startPortal(dir: string): Promise<{ pki: TestPki; server: Server; caFile: string } | null> {
  let pki: TestPki;
  try {
    pki = await createTestPki();
  } catch {
    return null;
  }
  const cert = await pki.issue('portal', `/CN=${PORTAL_NAME}`, [`subjectAltName=DNS:${PORTAL_NAME}`], 5);
  const caFile = join(dir, 'demo-ca.pem');
  await writeFile(caFile, pki.ca.cert);
  const server = createServer({ cert: cert.cert, key: cert.key }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>会員ポータル</title><h1>会員ポータル</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { pki, server, caFile };
}

export async function startSiteWatchStory(
  server: EstateServer,
  dir: string,
  intervalSeconds: number,
): Promise<SiteWatchStory> {
  const dns: TestDnsServer = await startTestDnsServer(zoneFor(server, false));
  const portal = await startPortal(dir);
  const names: Record<string, string> = Object.fromEntries(server.sites.map((s) => [s.origin, nameOf(s.key)]));
  const portalOrigin = portal ? `https://127.0.0.1:${(portal.server.address() as AddressInfo).port}` : null;
  if (portalOrigin) names[portalOrigin] = PORTAL_NAME;
  return {
    config: {
      intervalSeconds,
      resolvers: [dns.server],
      learnSamples: 2,
      names,
      ...(portal ? { caFile: portal.caFile } : {}),
    },
    portal: portalOrigin ? { organisation: PORTAL_ORGANISATION, origin: portalOrigin, name: '会員ポータル' } : null,
    hijackedName: nameOf(DNS_HIJACK_SITE),
    hijack: () => dns.setZone(zoneFor(server, true)),
    async close() {
      await dns.close();
      if (portal) {
        await new Promise<void>((resolve) => portal.server.close(() => resolve()));
        await portal.pki.remove();
      }
    },
  };
}

/** The estate config with the portal site added to its organisation (a site with no pages: its certificate is watched). */
export function withPortal(
  estate: NonNullable<ConfigOverrides['estate']>,
  story: SiteWatchStory,
): NonNullable<ConfigOverrides['estate']> {
  const { portal } = story;
  if (!portal) return estate;
  return {
    organisations: (estate.organisations ?? []).map((o) =>
      o.slug === portal.organisation
        ? { ...o, sites: [...o.sites, { origin: portal.origin, name: portal.name, pages: [] }] }
        : o,
    ),
  };
}
