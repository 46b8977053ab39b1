/**
 * The evidence stage as the composition root wires it: ledger, file store, recorder and the capture
 * observer, from the `evidence.*` config.
 */
import { join, resolve } from 'node:path';
import type { DatabaseHandle } from '../store/database.ts';
import { FsBlobStore } from '../store/blob-store.ts';
import type { Clock } from '../pipeline/clock.ts';
import { CaptureObserver, type CaptureObserverOptions } from './capture-observer.ts';
import { EvidenceStore } from './evidence-store.ts';
import { EvidenceRecorder } from './recorder.ts';
import { AnchorLog, anchorAppends } from './tail-anchor.ts';

export interface EvidenceSettings {
  enabled: boolean;
  sampleHours: number;
  retentionDays: number;
  /** Empty: no RFC 3161 time stamps. */
  tsaUrl: string;
  timestampMinutes: number;
  /** Tail-anchor directory; empty: `<dataDir>/anchors`, relative: under dataDir. */
  anchorDir?: string;
}

export interface Evidence {
  settings: EvidenceSettings;
  ledger: EvidenceStore;
  /** Content-addressed evidence files at `<dataDir>/evidence/ab/cd/<sha256>`. */
  files: FsBlobStore;
  recorder: EvidenceRecorder;
  /** The tail-anchor log every append writes to, outside the database (tail-anchor.ts). */
  anchors: AnchorLog;
  /** The pipeline stage; `rendered` is where the rendering stage adds screenshots and the DOM. */
  observer(extra?: Pick<CaptureObserverOptions, 'rendered' | 'onCapture'>): CaptureObserver;
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** Evidence files live apart from page bodies: their retention follows other rules (legal holds). */
export function evidenceDir(dataDir: string): string {
  return join(dataDir, 'evidence');
}

export function anchorDirOf(dataDir: string, anchorDir = ''): string {
  return anchorDir === '' ? join(dataDir, 'anchors') : resolve(dataDir, anchorDir);
}

export function openEvidence(
  handle: DatabaseHandle,
  dataDir: string,
  settings: EvidenceSettings,
  clock: Clock,
  mamoriVersion: string,
): Evidence {
  const ledger = new EvidenceStore(handle);
  const files = new FsBlobStore(evidenceDir(dataDir));
  const recorder = new EvidenceRecorder(ledger, files);
  const anchors = new AnchorLog(anchorDirOf(dataDir, settings.anchorDir));
  // The entry is committed whatever happens here: a failed anchor only weakens the deletion check, so it warns.
  anchorAppends(
    ledger,
    anchors,
    files,
    () => clock.now(),
    (err) => process.emitWarning(`Mamori: the evidence tail anchor was not written to ${anchors.path}: ${String(err)}`),
  );
  return {
    settings,
    ledger,
    files,
    recorder,
    anchors,
    observer: (extra = {}) =>
      new CaptureObserver({
        ledger,
        recorder,
        clock,
        mamoriVersion,
        sampleIntervalMs: settings.sampleHours * HOUR_MS,
        ...extra,
      }),
  };
}
