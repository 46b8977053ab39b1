/**
 * Pushes one Mamori incident to TheHive as a case with its observables: the rows come from the
 * export service (the incident, its checks), the screenshots from the evidence captures. The case is
 * created first; an observable TheHive refuses is reported, not fatal, since the case already exists.
 */
import type { ScreenshotSource } from '../misp/export-service.ts';
import type { StixExportService } from '../stix/export-service.ts';
import { theHiveCase, theHiveObservables, type CaseMarking } from './case.ts';
import { TheHiveError, type TheHiveClient } from './client.ts';

export interface PushResult {
  caseId: string;
  caseNumber: number | null;
  observables: number;
  /** Observables TheHive refused or never received, each with the reason. */
  failed: { dataType: string; data: string; error: string }[];
}

export class TheHivePushService {
  constructor(
    private readonly deps: {
      rows: Pick<StixExportService, 'input'>;
      client: Pick<TheHiveClient, 'createCase' | 'addObservable'>;
      marking: CaseMarking;
      screenshots?: ScreenshotSource;
    },
  ) {}

  /**
   * One case for the incident (a site incident brings its pages' checks). Throws StixNotFoundError
   * for an unknown incident and a TheHiveError when the case itself could not be created.
   */
  async push(incidentId: number, organisationIds?: readonly number[]): Promise<PushResult> {
    const input = await this.deps.rows.input({ kind: 'incident', incidentId }, organisationIds);
    const incident = input.incidents.find((i) => i.id === incidentId) ?? input.incidents[0]!;
    const screenshots = this.deps.screenshots ? await this.deps.screenshots.screenshots(input.observations) : [];
    const content = {
      incident,
      organisation: input.organisations.find((o) => o.id === incident.organisationId) ?? null,
      observations: input.observations,
      screenshots,
    };
    const created = await this.deps.client.createCase(theHiveCase(content, this.deps.marking));
    const failed: PushResult['failed'] = [];
    const observables = theHiveObservables(content, this.deps.marking);
    for (const o of observables) {
      try {
        await this.deps.client.addObservable(created.id, o);
      } catch (error) {
        if (!(error instanceof TheHiveError)) throw error;
        failed.push({
          dataType: o.observable.dataType,
          data: o.observable.data ?? o.attachment?.filename ?? '',
          error: error.message,
        });
      }
    }
    return { caseId: created.id, caseNumber: created.number, observables: observables.length - failed.length, failed };
  }
}
