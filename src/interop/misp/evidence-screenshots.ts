/**
 * Screenshots for an export, read from the evidence captures of its checks: a capture's ledger entry
 * names its files by role and SHA-256, and the evidence file store returns their bytes. A file
 * retention has removed is skipped, not an error.
 */
import type { EvidenceStore } from '../../evidence/evidence-store.ts';
import type { CaptureDetails } from '../../evidence/types.ts';
import type { BlobStore } from '../../store/blob-store.ts';
import type { ObservationInput } from '../stix/types.ts';
import type { ScreenshotSource } from './export-service.ts';
import type { ScreenshotInput } from './types.ts';

/** Most screenshots one export carries: each is base64 inside the event, so events stay importable. */
export const MAX_SCREENSHOTS = 20;

export function evidenceScreenshots(evidence: {
  ledger: Pick<EvidenceStore, 'liveCaptures'>;
  files: Pick<BlobStore, 'get'>;
}): ScreenshotSource {
  return {
    async screenshots(observations: readonly ObservationInput[]): Promise<ScreenshotInput[]> {
      const out: ScreenshotInput[] = [];
      for (const obs of observations) {
        if (out.length >= MAX_SCREENSHOTS) break;
        const captures = await evidence.ledger.liveCaptures({ url: obs.url, from: obs.at, to: obs.at });
        for (const entry of captures.filter((e) => e.checkId === obs.checkId)) {
          const details = JSON.parse(entry.details) as CaptureDetails;
          for (const file of details.files.filter((f) => f.role === 'screenshot')) {
            if (out.length >= MAX_SCREENSHOTS) break;
            const data = await evidence.files.get(file.sha256);
            if (data)
              out.push({
                checkId: obs.checkId,
                label: file.label,
                sha256: file.sha256,
                mediaType: file.mediaType,
                data,
              });
          }
        }
      }
      return out;
    },
  };
}
