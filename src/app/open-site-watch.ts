/**
 * The site watch stage assembled from config, over the store's own handle. The composition root adds
 * it as a check observer (the headers watch) and `mamori serve` starts its loop (DNS, certificate,
 * domain registration every `siteWatch.intervalSeconds`).
 */
import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { MamoriConfig } from '../config/schema.ts';
import type { IncidentStage } from './open-incidents.ts';
import type { DatabaseHandle } from '../store/database.ts';
import type { EstateStore } from '../store/types.ts';
import type { Clock } from '../pipeline/clock.ts';
import type { EvidenceStore } from '../evidence/evidence-store.ts';
import { makeResolver } from '../site-watch/dns-resolve.ts';
import { SiteWatchService } from '../site-watch/site-watch-service.ts';
import { SiteWatchStore } from '../site-watch/site-watch-store.ts';

/** `siteWatch.caFile` cannot be read or holds no certificate: fix the path or the file. */
export class SiteWatchCaFileError extends Error {
  override readonly name = 'SiteWatchCaFileError';
}

async function readCa(path: string | undefined): Promise<string[]> {
  if (path === undefined) return [];
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SiteWatchCaFileError(`siteWatch.caFile ${path} cannot be read: fix the path.`, { cause: error });
  }
  const pems = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (pems.length === 0) throw new SiteWatchCaFileError(`siteWatch.caFile ${path} holds no PEM certificate.`);
  return pems;
}

export interface SiteWatchStage {
  store: SiteWatchStore;
  service: SiteWatchService;
}

export async function openSiteWatch(
  config: MamoriConfig,
  handle: DatabaseHandle,
  store: EstateStore,
  incidents: IncidentStage,
  clock: Clock,
  log: Logger,
  ledger: EvidenceStore | null,
): Promise<SiteWatchStage> {
  const c = config.siteWatch;
  const watches = new SiteWatchStore(handle);
  const service = new SiteWatchService({
    store,
    watches,
    incidents: incidents.service,
    incidentStore: incidents.store,
    resolver: makeResolver({ servers: c.resolvers, timeoutMs: c.timeoutMs }),
    extraCa: await readCa(c.caFile),
    policy: { ...config.network, allowCidrs: [...config.network.allowCidrs] },
    settings: {
      intervalSeconds: c.intervalSeconds,
      timeoutMs: c.timeoutMs,
      learnSamples: c.learnSamples,
      renewalDays: c.renewalDays,
      expiryDays: c.expiryDays,
      rdapBaseUrl: c.rdapBaseUrl,
      rdapIntervalHours: c.rdapIntervalHours,
      names: c.names,
    },
    clock,
    log: log.child({ stage: 'site-watch' }),
    ...(ledger ? { ledger } : {}),
  });
  return { store: watches, service };
}
