/**
 * The CSIRT exports as the CLI and the API open them: the MISP event export and the TheHive case
 * push over the same rows as the STIX export, with screenshots from the evidence captures. Takes the
 * `exports` config section as plain values (interop does not read config itself).
 */
import type { EvidenceStore } from '../evidence/evidence-store.ts';
import type { IncidentStore } from '../incidents/incident-store.ts';
import type { BlobStore } from '../store/blob-store.ts';
import type { EstateStore } from '../store/types.ts';
import { evidenceScreenshots } from './misp/evidence-screenshots.ts';
import { MispExportService } from './misp/export-service.ts';
import type { MispOptions, TlpLevel } from './misp/types.ts';
import { StixExportService, type IntelSource } from './stix/export-service.ts';
import type { CaseMarking, PapName } from './thehive/case.ts';
import { TheHiveClient, type TheHiveClientOptions, type TheHiveSettings } from './thehive/client.ts';
import { TheHivePushService, type PushResult } from './thehive/push-service.ts';

/** The `exports` config section, structurally. */
export interface ExportsSettings {
  tlp: TlpLevel;
  pap: PapName;
  misp: { orgName: string; distribution: number };
  thehive: TheHiveSettings;
}

/** The config section (deeply read-only) as the settings interop keeps. */
export function exportsSettings(section: {
  readonly tlp: TlpLevel;
  readonly pap: PapName;
  readonly misp: Readonly<ExportsSettings['misp']>;
  readonly thehive: Readonly<TheHiveSettings>;
}): ExportsSettings {
  return { tlp: section.tlp, pap: section.pap, misp: { ...section.misp }, thehive: { ...section.thehive } };
}

export interface CsirtDeps {
  store: EstateStore;
  incidents: IncidentStore;
  intel?: IntelSource;
  /** Where screenshots come from; without it exports carry none. */
  evidence?: { ledger: Pick<EvidenceStore, 'liveCaptures'>; files: Pick<BlobStore, 'get'> };
  settings: ExportsSettings;
}

export class CsirtExports {
  readonly #rows: StixExportService;
  readonly #deps: CsirtDeps;

  constructor(deps: CsirtDeps) {
    this.#deps = deps;
    this.#rows = new StixExportService({
      store: deps.store,
      incidents: deps.incidents,
      ...(deps.intel ? { intel: deps.intel } : {}),
    });
  }

  #screenshots() {
    return this.#deps.evidence ? { screenshots: evidenceScreenshots(this.#deps.evidence) } : {};
  }

  misp(): MispExportService {
    const { misp, tlp } = this.#deps.settings;
    const options: MispOptions = {
      orgName: misp.orgName,
      distribution: Math.min(3, Math.max(0, Math.trunc(misp.distribution))) as MispOptions['distribution'],
      tlp,
    };
    return new MispExportService({ rows: this.#rows, options, ...this.#screenshots() });
  }

  /** Pushes one incident to TheHive; throws TheHiveNotConfiguredError when exports.thehive is not set. */
  async pushToTheHive(
    incidentId: number,
    organisationIds?: readonly number[],
    options: TheHiveClientOptions = {},
  ): Promise<PushResult> {
    const { settings } = this.#deps;
    const client = new TheHiveClient(settings.thehive, options);
    const marking: CaseMarking = { tlp: settings.tlp, pap: settings.pap };
    try {
      return await new TheHivePushService({ rows: this.#rows, client, marking, ...this.#screenshots() }).push(
        incidentId,
        organisationIds,
      );
    } finally {
      await client.close();
    }
  }
}
