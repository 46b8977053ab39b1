/**
 * A MISP event for one scope (an incident, a campaign, a time window): the same rows the STIX export
 * reads, plus the screenshots of the checks from their evidence captures.
 */
import type { StixExportService, StixScope } from '../stix/export-service.ts';
import { scopeKey } from '../stix/export-service.ts';
import type { ObservationInput } from '../stix/types.ts';
import { buildMispEvent } from './event.ts';
import type { MispEvent, MispOptions, ScreenshotInput } from './types.ts';

/** The screenshots taken during these checks (the evidence stage keeps them). */
export interface ScreenshotSource {
  screenshots(observations: readonly ObservationInput[]): Promise<ScreenshotInput[]>;
}

export class MispExportService {
  constructor(
    private readonly deps: {
      rows: Pick<StixExportService, 'input'>;
      screenshots?: ScreenshotSource;
      options: MispOptions;
    },
  ) {}

  /** `organisationIds` limits the export to a caller's organisations, as the STIX export does. */
  async export(scope: StixScope, organisationIds?: readonly number[]): Promise<MispEvent> {
    const input = await this.deps.rows.input(scope, organisationIds);
    const screenshots = this.deps.screenshots ? await this.deps.screenshots.screenshots(input.observations) : [];
    return buildMispEvent({ ...input, screenshots }, scopeKey(scope), this.deps.options);
  }
}
